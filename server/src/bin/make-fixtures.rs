//! Writes the camera pictures the end-to-end tests use (see `app::identity::fixtures`) into a folder:
//! `one-face.y4m`, `no-face.y4m`, `several-faces.y4m` and the same as `.jpg`.
use app::identity::fixtures::{jpeg, make, y4m};
use app::identity::photo::FaceDetector;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).ok_or("usage: make-fixtures <folder>")?;
    std::fs::create_dir_all(&dir)?;
    let fixtures = make(&FaceDetector::embedded())?;
    for (name, image) in [
        ("one-face", &fixtures.one_face),
        ("other-face", &fixtures.other_face),
        ("no-face", &fixtures.no_face),
        ("several-faces", &fixtures.several_faces),
    ] {
        std::fs::write(format!("{dir}/{name}.jpg"), jpeg(image))?;
        std::fs::write(format!("{dir}/{name}.y4m"), y4m(image, 10))?;
    }
    println!("fixtures written to {dir}");
    Ok(())
}
