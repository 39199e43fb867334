//! Test pictures with real faces, framed like webcam images (640×480): one person (two different
//! photos of him) and another person, from the test portraits of the PyPI package `face_recognition`
//! (MIT; scripts/setup downloads them to `ZJ_FACE_PHOTOS_DIR`), several faces from the group photo that
//! ships inside the `rustface` crate, and no face. As JPEG for the server tests and as Y4M video for
//! Chromium's fake camera in the end-to-end tests. Test support only: production never reads these.
use std::path::PathBuf;

use image::{imageops, DynamicImage, RgbImage};

use crate::identity::photo::FaceDetector;

/// rustface's `test.png` (a group photo) in the cargo registry sources.
pub fn group_photo_path() -> Option<PathBuf> {
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))?;
    let sources = std::fs::read_dir(cargo_home.join("registry/src")).ok()?;
    sources
        .filter_map(Result::ok)
        .map(|index| index.path().join("rustface-0.1.7/test.png"))
        .find(|candidate| candidate.exists())
}

/// Where scripts/setup puts the portraits (obama.jpg, obama2.jpg, biden.jpg).
pub fn portraits_dir() -> PathBuf {
    std::env::var_os("ZJ_FACE_PHOTOS_DIR").map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache/zhuanjia/face-photos")
    })
}

/// The smallest PDF that parses: one empty A4 page, with a true cross-reference table (uploads are
/// parsed, so a bare `%PDF-` header is refused).
pub const ONE_PAGE_PDF: &[u8] = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n\
2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n\
xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n0000000101 00000 n \n\
trailer<</Size 4/Root 1 0 R>>\nstartxref\n164\n%%EOF\n";

pub struct Fixtures {
    pub one_face: RgbImage,
    /// The same person in another photo: the face comparison must find them the same.
    pub same_person_again: RgbImage,
    /// Another person, framed the same way: the face comparison must tell them apart.
    pub other_face: RgbImage,
    pub several_faces: RgbImage,
    pub no_face: RgbImage,
}

/// 640×480 frames, as a webcam delivers them.
pub fn make(detector: &FaceDetector) -> Result<Fixtures, String> {
    let path = group_photo_path().ok_or("rustface's test.png not found in the cargo registry")?;
    let group = image::open(&path).map_err(|e| e.to_string())?.to_rgb8();
    let faces = detector.detect(&DynamicImage::ImageRgb8(group.clone()).to_luma8());
    let &(_, _, w, h) = faces.first().ok_or("no face found in the group photo")?;
    let dir = portraits_dir();
    let one_face = portrait(detector, &dir.join("obama.jpg"))?;
    let same_person_again = portrait(detector, &dir.join("obama2.jpg"))?;
    let other_face = portrait(detector, &dir.join("biden.jpg"))?;
    // Three neighbouring faces at once.
    let mut by_x: Vec<_> = faces.iter().take(6).copied().collect();
    by_x.sort_by_key(|f| f.0);
    let (gx0, gy0) = (by_x.iter().map(|f| f.0).min().unwrap_or(0), by_x.iter().map(|f| f.1).min().unwrap_or(0));
    let gx1 = by_x.iter().take(3).map(|f| f.0 + f.2).max().unwrap_or(w);
    let gy1 = by_x.iter().take(3).map(|f| f.1 + f.3).max().unwrap_or(h);
    let several_faces = frame(crop_around(&group, gx0, gy0, gx1 - gx0, gy1.saturating_sub(gy0).max(h), 1.4));
    let no_face = RgbImage::from_fn(640, 480, |px, py| image::Rgb([(px / 3) as u8, (py / 2) as u8, 160]));
    Ok(Fixtures { one_face, same_person_again, other_face, several_faces, no_face })
}

/// The biggest face of a portrait, framed as a webcam would show someone at a desk.
fn portrait(detector: &FaceDetector, path: &std::path::Path) -> Result<RgbImage, String> {
    let photo = image::open(path).map_err(|e| format!("{}: {e} (run scripts/setup)", path.display()))?.to_rgb8();
    let faces = detector.detect(&DynamicImage::ImageRgb8(photo.clone()).to_luma8());
    let &(x, y, w, h) = faces.iter().max_by_key(|f| f.2).ok_or(format!("no face found in {}", path.display()))?;
    Ok(frame(crop_around(&photo, x, y, w, h, 1.3)))
}

fn crop_around(image: &RgbImage, x: u32, y: u32, w: u32, h: u32, scale: f32) -> RgbImage {
    let (cx, cy) = (x as f32 + w as f32 / 2.0, y as f32 + h as f32 / 2.0);
    let half_w = (w.max(h) as f32 * scale).max(40.0);
    let half_h = half_w * 0.75;
    let x0 = (cx - half_w).max(0.0) as u32;
    let y0 = (cy - half_h).max(0.0) as u32;
    let x1 = ((cx + half_w) as u32).min(image.width());
    let y1 = ((cy + half_h) as u32).min(image.height());
    imageops::crop_imm(image, x0, y0, x1 - x0, y1 - y0).to_image()
}

fn frame(image: RgbImage) -> RgbImage {
    imageops::resize(&image, 640, 480, imageops::FilterType::CatmullRom)
}

pub fn jpeg(image: &RgbImage) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let _ = DynamicImage::ImageRgb8(image.clone()).write_to(&mut out, image::ImageFormat::Jpeg);
    out.into_inner()
}

/// A still picture as a Y4M video (4:2:0), the format Chromium's `--use-file-for-fake-video-capture` plays.
pub fn y4m(image: &RgbImage, frames: usize) -> Vec<u8> {
    let (w, h) = image.dimensions();
    let mut y_plane = Vec::with_capacity((w * h) as usize);
    let (mut u_plane, mut v_plane) = (Vec::new(), Vec::new());
    for py in 0..h {
        for px in 0..w {
            let [r, g, b] = image.get_pixel(px, py).0.map(f32::from);
            y_plane.push((0.299 * r + 0.587 * g + 0.114 * b).round().clamp(0.0, 255.0) as u8);
            if py % 2 == 0 && px % 2 == 0 {
                u_plane.push((128.0 - 0.168_736 * r - 0.331_264 * g + 0.5 * b).round().clamp(0.0, 255.0) as u8);
                v_plane.push((128.0 + 0.5 * r - 0.418_688 * g - 0.081_312 * b).round().clamp(0.0, 255.0) as u8);
            }
        }
    }
    let mut out = format!("YUV4MPEG2 W{w} H{h} F10:1 Ip A1:1 C420jpeg\n").into_bytes();
    for _ in 0..frames {
        out.extend_from_slice(b"FRAME\n");
        out.extend_from_slice(&y_plane);
        out.extend_from_slice(&u_plane);
        out.extend_from_slice(&v_plane);
    }
    out
}
