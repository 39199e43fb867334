//! Server-side checks on uploaded files: what a file really is (by content, never by name), and whether a face photo
//! is usable for identity verification (exactly one face, big enough, lit, sharp). CPU-bound: call it from
//! `spawn_blocking`.

use std::io::Cursor;

use image::imageops;
use image::{DynamicImage, GrayImage, ImageDecoder, ImageFormat, ImageReader, Limits};

/// Image dimensions beyond this are refused before decoding (decompression bombs: a small file can declare a huge
/// canvas). 8000 px covers every phone camera's default output.
const MAX_DIMENSION: u32 = 8000;
/// Decoded bytes allowed: an 8000×8000 RGB image is 192 MiB; 16-bit RGBA at that size would be 512 MiB and is refused.
const MAX_DECODED_BYTES: u64 = 256 * 1024 * 1024;
/// Detection and the quality measures run on the image fitted into this square: fast (a webcam frame is already this
/// size), and the sharpness figure then doesn't depend on the camera's resolution.
const WORK_SIZE: u32 = 640;
/// rustface scans a 40 px window; smaller images can't contain a face (and a 0-sized one makes it panic).
const DETECTOR_WINDOW: u32 = 40;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Jpeg,
    Png,
    Pdf,
}

impl FileKind {
    pub fn mime(self) -> &'static str {
        match self {
            FileKind::Jpeg => "image/jpeg",
            FileKind::Png => "image/png",
            FileKind::Pdf => "application/pdf",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            FileKind::Jpeg => "jpg",
            FileKind::Png => "png",
            FileKind::Pdf => "pdf",
        }
    }

    fn label(self) -> &'static str {
        match self {
            FileKind::Jpeg => "JPG",
            FileKind::Png => "PNG",
            FileKind::Pdf => "PDF",
        }
    }
}

/// What a file is, from its first bytes (magic numbers); `None` for anything else.
pub fn sniff(bytes: &[u8]) -> Option<FileKind> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(FileKind::Jpeg)
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some(FileKind::Png)
    } else if bytes.starts_with(b"%PDF-") {
        Some(FileKind::Pdf)
    } else {
        None
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UploadProblem {
    Empty,
    TooLarge {
        max_mb: usize,
    },
    /// Carries the accepted kinds so the message names exactly what the user may upload here.
    NotAllowedType {
        allowed: Vec<FileKind>,
    },
}

impl UploadProblem {
    pub fn zh(&self) -> String {
        match self {
            UploadProblem::Empty => "文件为空，请重新选择文件上传".to_string(),
            UploadProblem::TooLarge { max_mb } => format!("文件超过{max_mb}MB，请压缩后重新上传"),
            UploadProblem::NotAllowedType { allowed } => {
                format!("仅支持{}文件（按文件内容识别，改扩展名无效）", kinds_list(allowed, "、", "或"))
            }
        }
    }

    pub fn en(&self) -> String {
        match self {
            UploadProblem::Empty => "The file is empty. Please choose the file again.".to_string(),
            UploadProblem::TooLarge { max_mb } => {
                format!("The file is larger than {max_mb} MB. Please compress it and upload it again.")
            }
            UploadProblem::NotAllowedType { allowed } => format!(
                "Only {} files are accepted (checked by the file's content; renaming the file does not help).",
                kinds_list(allowed, ", ", " or ")
            ),
        }
    }
}

/// "JPG、PNG或PDF" / "JPG, PNG or PDF".
fn kinds_list(kinds: &[FileKind], sep: &str, last_sep: &str) -> String {
    let labels: Vec<&str> = kinds.iter().map(|k| k.label()).collect();
    match labels.split_last() {
        None => String::new(),
        Some((last, [])) => last.to_string(),
        Some((last, rest)) => format!("{}{last_sep}{last}", rest.join(sep)),
    }
}

/// `max_bytes` should be a whole number of MiB: the message reports it rounded down.
pub fn check_upload(bytes: &[u8], max_bytes: usize, allowed: &[FileKind]) -> Result<FileKind, UploadProblem> {
    if bytes.is_empty() {
        return Err(UploadProblem::Empty);
    }
    if bytes.len() > max_bytes {
        return Err(UploadProblem::TooLarge { max_mb: max_bytes / (1024 * 1024) });
    }
    match sniff(bytes) {
        // The magic number followed by anything else (an HTML page behind `FF D8 FF E0`) is refused: an
        // image must decode as one, a PDF must parse. CPU-bound: request handlers call `check_content`.
        Some(kind) if allowed.contains(&kind) && content_reads(bytes, kind) => Ok(kind),
        _ => Err(UploadProblem::NotAllowedType { allowed: allowed.to_vec() }),
    }
}

/// [`check_upload`] off the async threads (a 10 MB photo takes tens of milliseconds to decode); the bytes
/// come back with their kind.
pub async fn check_content(
    bytes: Vec<u8>,
    max_bytes: usize,
    allowed: &[FileKind],
) -> Result<(Vec<u8>, FileKind), UploadProblem> {
    let allowed = allowed.to_vec();
    let refused = UploadProblem::NotAllowedType { allowed: allowed.clone() };
    let checked =
        tokio::task::spawn_blocking(move || check_upload(&bytes, max_bytes, &allowed).map(|kind| (bytes, kind)));
    checked.await.unwrap_or(Err(refused))
}

fn content_reads(bytes: &[u8], kind: FileKind) -> bool {
    match kind {
        FileKind::Pdf => pdf_parses(bytes),
        FileKind::Jpeg | FileKind::Png => decode(bytes).is_some_and(|image| image.width() > 0 && image.height() > 0),
    }
}

/// A PDF whose objects and page tree lopdf reads, with at least one page. A parser bug on hostile bytes
/// is a refused file, not a crashed request.
fn pdf_parses(bytes: &[u8]) -> bool {
    std::panic::catch_unwind(|| lopdf::Document::load_mem(bytes).is_ok_and(|doc| !doc.get_pages().is_empty()))
        .unwrap_or(false)
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PhotoThresholds {
    /// Face width in the uploaded image's own pixels.
    pub min_face_px: u32,
    /// Face width / image width.
    pub min_face_fraction: f32,
    /// Mean luma (0-255) of the face box.
    pub min_brightness: f32,
    /// Variance of the Laplacian over the face box, on the grey image fitted into 640×640.
    pub min_sharpness: f64,
}

/// Measured by the tests on eight faces cropped from rustface's group photo and scaled up to ~150 px faces in a
/// ~350×400 image (the softest realistic case: 2.5× upscaled), see `single_faces_pass_and_degraded_ones_fail`:
/// - brightness: good faces 96–145; the same ×0.15 (a dim room) 13.5–20.5. 40 keeps a 2× margin on each side and sits
///   well below what webcams' auto-exposure aims for (~110), so dark skin in normal light passes.
/// - sharpness: good faces 38–234 as PNG, 49–255 as JPEG (quality 75); Gaussian blur σ6: 2.1–2.5; σ2: 6.4–18.5.
///   12 is 3× below the softest good face and 5× above σ6; a mild σ2 blur may pass, which beats refusing sharp faces.
/// - size (not measured, geometry): 80 px is about the least a face matcher needs; 12% of the width is a face at
///   ~1 m from a laptop webcam (~65° field of view), farther than anyone sits to take a photo.
impl Default for PhotoThresholds {
    fn default() -> Self {
        PhotoThresholds { min_face_px: 80, min_face_fraction: 0.12, min_brightness: 40.0, min_sharpness: 12.0 }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PhotoProblem {
    NotAnImage,
    NoFace,
    SeveralFaces(usize),
    FaceTooSmall,
    TooDark,
    Blurred,
}

impl PhotoProblem {
    pub fn zh(&self) -> String {
        match self {
            PhotoProblem::NotAnImage => {
                format!("无法读取图片：请上传JPG或PNG格式的照片（不超过{MAX_DIMENSION}×{MAX_DIMENSION}像素）")
            }
            PhotoProblem::NoFace => "未检测到人脸：请正对摄像头，露出完整面部后重拍".to_string(),
            PhotoProblem::SeveralFaces(n) => format!("多人：照片中检测到{n}张人脸，请确保只有本人入镜"),
            PhotoProblem::FaceTooSmall => "人脸过小，请靠近摄像头".to_string(),
            PhotoProblem::TooDark => "光线不足：请在明亮处拍摄，避免背光".to_string(),
            PhotoProblem::Blurred => "照片模糊：请保持静止、对准焦点后重拍".to_string(),
        }
    }

    pub fn en(&self) -> String {
        match self {
            PhotoProblem::NotAnImage => format!(
                "The file could not be read as a photo. Please upload a JPG or PNG image of at most \
                 {MAX_DIMENSION}×{MAX_DIMENSION} pixels."
            ),
            PhotoProblem::NoFace => "No face detected. Face the camera with your whole face visible and retake the \
                                     photo."
                .to_string(),
            PhotoProblem::SeveralFaces(n) => {
                format!("{n} faces were detected. Make sure only you are in the picture.")
            }
            PhotoProblem::FaceTooSmall => {
                "Your face is too small in the picture. Move closer to the camera.".to_string()
            }
            PhotoProblem::TooDark => "The photo is too dark. Move to a brighter place and avoid strong light behind \
                                      you."
                .to_string(),
            PhotoProblem::Blurred => {
                "The photo is blurred. Hold still, let the camera focus, and retake it.".to_string()
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct PhotoReport {
    pub faces: usize,
    /// Largest face as (x, y, width, height) in the uploaded image's pixels (after EXIF rotation).
    pub face_box: Option<(u32, u32, u32, u32)>,
    pub brightness: f32,
    pub sharpness: f64,
}

/// The model, embedded at build time by build.rs (copied from rustface's crate sources).
static MODEL_BYTES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/seeta_fd_frontal_v1.0.bin"));

/// Parsed SeetaFace model. rustface's detector is a `Box<dyn Detector>` (neither `Send` nor `Sync`) and mutates
/// scratch buffers while detecting, so this keeps the `Model` (plain data, `Send + Sync`) and builds a detector per
/// call from a clone of it.
pub struct FaceDetector {
    model: rustface::Model,
}

impl FaceDetector {
    pub fn embedded() -> Self {
        // Not input-derived: the bytes are fixed at build time and parsed by the tests.
        let model = rustface::read_model(MODEL_BYTES).expect("embedded SeetaFace model parses");
        FaceDetector { model }
    }

    /// Faces as (x, y, width, height), clamped to the image, largest first.
    pub fn detect(&self, grey: &GrayImage) -> Vec<(u32, u32, u32, u32)> {
        let (w, h) = grey.dimensions();
        if w < DETECTOR_WINDOW || h < DETECTOR_WINDOW {
            return Vec::new();
        }
        let mut detector = rustface::create_detector_with_model(self.model.clone());
        detector.set_min_face_size(20);
        detector.set_score_thresh(2.0);
        detector.set_pyramid_scale_factor(0.8);
        detector.set_slide_window_step(4, 4);
        let mut faces: Vec<(u32, u32, u32, u32)> = detector
            .detect(&rustface::ImageData::new(grey.as_raw(), w, h))
            .iter()
            .filter_map(|f| {
                // Boxes may stick out of the image (negative x/y for a face at the edge).
                let b = f.bbox();
                let (x0, y0) = (b.x().max(0) as u32, b.y().max(0) as u32);
                let x1 = (i64::from(b.x()) + i64::from(b.width())).clamp(0, i64::from(w)) as u32;
                let y1 = (i64::from(b.y()) + i64::from(b.height())).clamp(0, i64::from(h)) as u32;
                (x1 > x0 && y1 > y0).then(|| (x0, y0, x1 - x0, y1 - y0))
            })
            .collect();
        faces.sort_by_key(|&(_, _, fw, fh)| std::cmp::Reverse(u64::from(fw) * u64::from(fh)));
        faces
    }
}

/// Decodes a JPEG or PNG (by content) within the size limits, applying the EXIF rotation phones record.
/// Public for the fuzz target `photo_decode`.
pub fn decode(bytes: &[u8]) -> Option<DynamicImage> {
    let format = match sniff(bytes)? {
        FileKind::Jpeg => ImageFormat::Jpeg,
        FileKind::Png => ImageFormat::Png,
        FileKind::Pdf => return None,
    };
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_DIMENSION);
    limits.max_image_height = Some(MAX_DIMENSION);
    limits.max_alloc = Some(MAX_DECODED_BYTES);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().ok()?;
    if decoder.total_bytes() > MAX_DECODED_BYTES {
        return None;
    }
    let orientation = decoder.orientation().ok();
    let mut img = DynamicImage::from_decoder(decoder).ok()?;
    if let Some(orientation) = orientation {
        img.apply_orientation(orientation);
    }
    Some(img)
}

/// Mean luma and variance of the 4-neighbour Laplacian over a box (the Laplacian over its interior).
fn box_stats(img: &GrayImage, (x, y, w, h): (u32, u32, u32, u32)) -> (f32, f64) {
    let px = |x: u32, y: u32| f64::from(img.get_pixel(x, y).0[0]);
    let (mut sum, mut n) = (0.0, 0.0);
    for yy in y..y + h {
        for xx in x..x + w {
            sum += px(xx, yy);
            n += 1.0;
        }
    }
    let brightness = if n > 0.0 { (sum / n) as f32 } else { 0.0 };
    let (mut s, mut s2, mut m) = (0.0, 0.0, 0.0);
    for yy in y + 1..(y + h).saturating_sub(1) {
        for xx in x + 1..(x + w).saturating_sub(1) {
            let lap = px(xx - 1, yy) + px(xx + 1, yy) + px(xx, yy - 1) + px(xx, yy + 1) - 4.0 * px(xx, yy);
            s += lap;
            s2 += lap * lap;
            m += 1.0;
        }
    }
    let sharpness = if m > 0.0 { (s2 / m - (s / m).powi(2)).max(0.0) } else { 0.0 };
    (brightness, sharpness)
}

/// Checks a face photo for identity verification. Decides in this order: not an image, no face, several faces, face
/// too small, too dark, blurred.
pub fn check_face_photo(
    detector: &FaceDetector,
    bytes: &[u8],
    t: &PhotoThresholds,
) -> Result<PhotoReport, PhotoProblem> {
    let img = decode(bytes).ok_or(PhotoProblem::NotAnImage)?;
    let (width, height) = (img.width(), img.height());
    if width == 0 || height == 0 {
        return Err(PhotoProblem::NotAnImage);
    }
    let grey = img.to_luma8();
    drop(img);
    // `thumbnail` averages areas: fast even from 8000 px, and no aliasing that would fake sharpness.
    let work = if width.max(height) > WORK_SIZE {
        let scale = f64::from(WORK_SIZE) / f64::from(width.max(height));
        let (ww, wh) =
            ((f64::from(width) * scale).round().max(1.0) as u32, (f64::from(height) * scale).round().max(1.0) as u32);
        imageops::thumbnail(&grey, ww, wh)
    } else {
        grey
    };
    let faces = detector.detect(&work);
    let face = match faces.as_slice() {
        [] => return Err(PhotoProblem::NoFace),
        [face] => *face,
        several => return Err(PhotoProblem::SeveralFaces(several.len())),
    };
    let to_orig = f64::from(width) / f64::from(work.width());
    let scale = |v: u32| (f64::from(v) * to_orig).round() as u32;
    let face_box = (scale(face.0), scale(face.1), scale(face.2).min(width), scale(face.3).min(height));
    // Measured on the face only: a bright window or a blurred (portrait-mode) background says nothing about the face.
    let (brightness, sharpness) = box_stats(&work, face);
    if face_box.2 < t.min_face_px || (face_box.2 as f32) < t.min_face_fraction * width as f32 {
        return Err(PhotoProblem::FaceTooSmall);
    }
    if brightness < t.min_brightness {
        return Err(PhotoProblem::TooDark);
    }
    if sharpness < t.min_sharpness {
        return Err(PhotoProblem::Blurred);
    }
    Ok(PhotoReport { faces: 1, face_box: Some(face_box), brightness, sharpness })
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{ImageBuffer, Luma, Rgb, RgbImage};
    use std::path::PathBuf;
    use std::sync::OnceLock;
    use std::time::Instant;

    /// rustface's group photo (1666×1136). Tests may read the cargo registry; production never does.
    fn group() -> &'static RgbImage {
        static GROUP: OnceLock<RgbImage> = OnceLock::new();
        GROUP.get_or_init(|| {
            let home = std::env::var_os("CARGO_HOME")
                .map(PathBuf::from)
                .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
                .expect("CARGO_HOME or HOME");
            let path = std::fs::read_dir(home.join("registry/src"))
                .expect("cargo registry sources")
                .filter_map(|e| e.ok().map(|e| e.path().join("rustface-0.1.7/test.png")))
                .find(|p| p.is_file())
                .expect("rustface-0.1.7/test.png in the cargo registry");
            image::open(path).expect("test.png decodes").to_rgb8()
        })
    }

    fn detector() -> &'static FaceDetector {
        static DETECTOR: OnceLock<FaceDetector> = OnceLock::new();
        DETECTOR.get_or_init(FaceDetector::embedded)
    }

    /// Faces found in the full-resolution group photo, largest first.
    fn group_faces() -> &'static [(u32, u32, u32, u32)] {
        static FACES: OnceLock<Vec<(u32, u32, u32, u32)>> = OnceLock::new();
        FACES.get_or_init(|| detector().detect(&DynamicImage::ImageRgb8(group().clone()).to_luma8()))
    }

    fn encode(img: &RgbImage, format: ImageFormat) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        DynamicImage::ImageRgb8(img.clone()).write_to(&mut out, format).expect("encode");
        out.into_inner()
    }

    fn check(img: &RgbImage) -> Result<PhotoReport, PhotoProblem> {
        check_face_photo(detector(), &encode(img, ImageFormat::Png), &PhotoThresholds::default())
    }

    /// One person: a detected face with a margin (more below, for the chin), scaled so the face is 160 px wide.
    fn face_crop(face: (u32, u32, u32, u32)) -> RgbImage {
        let (x, y, w, _) = face;
        let m = w * 6 / 10;
        let (cx, cy) = (x.saturating_sub(m), y.saturating_sub(m));
        let (cw, ch) = ((w + 2 * m).min(group().width() - cx), (w + 5 * m / 2).min(group().height() - cy));
        let crop = imageops::crop_imm(group(), cx, cy, cw, ch).to_image();
        imageops::resize(&crop, cw * 160 / w, ch * 160 / w, imageops::FilterType::CatmullRom)
    }

    fn darken(img: &RgbImage, factor: f32) -> RgbImage {
        let mut out = img.clone();
        out.pixels_mut().for_each(|p| p.0 = p.0.map(|c| (f32::from(c) * factor) as u8));
        out
    }

    fn lcg_bytes(n: usize, mut seed: u64) -> Vec<u8> {
        (0..n)
            .map(|_| {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                (seed >> 56) as u8
            })
            .collect()
    }

    #[test]
    fn sniffs_by_content_and_checks_uploads() {
        let jpeg = encode(&RgbImage::new(8, 8), ImageFormat::Jpeg);
        let png = encode(&RgbImage::new(8, 8), ImageFormat::Png);
        let pdf = crate::identity::fixtures::ONE_PAGE_PDF.to_vec();
        // A PDF header before anything else, and a PNG cut off: the first bytes are right, the content isn't.
        let fake_pdf = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<<>>\nendobj\n<html>".to_vec();
        let cut_png = encode(&RgbImage::new(64, 64), ImageFormat::Png)[..60].to_vec();
        let html = b"<!DOCTYPE html><html><body>not a photo.jpg</body></html>".to_vec();
        assert_eq!(sniff(&jpeg), Some(FileKind::Jpeg));
        assert_eq!(sniff(&png), Some(FileKind::Png));
        assert_eq!(sniff(&pdf), Some(FileKind::Pdf));
        assert_eq!(
            (sniff(&html), sniff(&lcg_bytes(4096, 7)), sniff(&[]), sniff(&[0xFF, 0xD8])),
            (None, None, None, None)
        );
        assert_eq!((FileKind::Jpeg.mime(), FileKind::Pdf.extension()), ("image/jpeg", "pdf"));

        let all = [FileKind::Jpeg, FileKind::Png, FileKind::Pdf];
        let ten_mb = 10 * 1024 * 1024;
        assert_eq!(check_upload(&pdf, ten_mb, &all), Ok(FileKind::Pdf));
        for fake in [&fake_pdf, &cut_png] {
            assert!(matches!(check_upload(fake, ten_mb, &all), Err(UploadProblem::NotAllowedType { .. })));
        }
        assert_eq!(check_upload(&[], ten_mb, &all), Err(UploadProblem::Empty));
        let too_large = check_upload(&vec![0xFF; 11 * 1024 * 1024], ten_mb, &all).unwrap_err();
        assert_eq!(too_large, UploadProblem::TooLarge { max_mb: 10 });
        assert_eq!(too_large.zh(), "文件超过10MB，请压缩后重新上传");
        let wrong = check_upload(&html, ten_mb, &all).unwrap_err();
        assert_eq!(wrong.zh(), "仅支持JPG、PNG或PDF文件（按文件内容识别，改扩展名无效）");
        assert!(wrong.en().starts_with("Only JPG, PNG or PDF files"), "{}", wrong.en());
        assert_eq!(check_upload(&jpeg, ten_mb, &all), Ok(FileKind::Jpeg));
        assert_eq!(check_upload(&png, ten_mb, &all), Ok(FileKind::Png));
        // Found probing (issue 18): a JPEG's first four bytes, then an HTML page, was stored as a photo.
        let disguised = [&[0xFF, 0xD8, 0xFF, 0xE0][..], &html].concat();
        assert!(matches!(check_upload(&disguised, ten_mb, &all), Err(UploadProblem::NotAllowedType { .. })));
        let photo_only = check_upload(&pdf, ten_mb, &[FileKind::Jpeg, FileKind::Png]).unwrap_err();
        assert!(photo_only.zh().starts_with("仅支持JPG或PNG文件"), "{}", photo_only.zh());
    }

    #[test]
    fn detector_is_shareable_and_timed() {
        fn shareable<T: Send + Sync>() {}
        shareable::<FaceDetector>();
        let start = Instant::now();
        let fresh = FaceDetector::embedded();
        eprintln!("model parse (FaceDetector::embedded): {:?}", start.elapsed());
        let start = Instant::now();
        for _ in 0..10 {
            drop(rustface::create_detector_with_model(fresh.model.clone()));
        }
        eprintln!("per-call model clone + detector creation: {:?}", start.elapsed() / 10);
        let frame = imageops::resize(
            &DynamicImage::ImageRgb8(group().clone()).to_luma8(),
            640,
            480,
            imageops::FilterType::Triangle,
        );
        let start = Instant::now();
        for _ in 0..5 {
            fresh.detect(&frame);
        }
        eprintln!("detect on a 640x480 frame: {:?}", start.elapsed() / 5);
    }

    #[test]
    fn group_photo_is_refused() {
        assert!(group_faces().len() >= 20, "full-resolution detection found {}", group_faces().len());
        // At 640 px wide the group's faces are ~20 px: the detector finds one tiny face, hence FaceTooSmall.
        let whole = check(group());
        assert!(matches!(whole, Err(PhotoProblem::FaceTooSmall | PhotoProblem::SeveralFaces(_))), "{whole:?}");
        // A few people with webcam-sized faces (~120 px): the largest face and its neighbours, scaled up 2×.
        let (x, y, w, _) = group_faces()[0];
        let crop = imageops::crop_imm(group(), x.saturating_sub(2 * w), y.saturating_sub(w), 5 * w, 3 * w).to_image();
        let few = imageops::resize(&crop, crop.width() * 2, crop.height() * 2, imageops::FilterType::CatmullRom);
        let result = check(&few);
        assert!(matches!(result, Err(PhotoProblem::SeveralFaces(n)) if n >= 2), "{result:?}");
        assert!(result.unwrap_err().zh().starts_with("多人："));
    }

    /// Measures the thresholds' margins on the eight largest faces of the group photo.
    #[test]
    fn single_faces_pass_and_degraded_ones_fail() {
        for &face in group_faces().iter().take(8) {
            let crop = face_crop(face);
            let ok = check(&crop).unwrap_or_else(|e| panic!("face {face:?}: {e:?}"));
            let jpeg = check_face_photo(detector(), &encode(&crop, ImageFormat::Jpeg), &PhotoThresholds::default());
            let jpeg = jpeg.unwrap_or_else(|e| panic!("face {face:?} as JPEG: {e:?}"));
            let dark = check_face_photo(detector(), &encode(&darken(&crop, 0.15), ImageFormat::Png), &measure());
            let blur = check_face_photo(detector(), &encode(&imageops::blur(&crop, 6.0), ImageFormat::Png), &measure());
            let blur2 =
                check_face_photo(detector(), &encode(&imageops::blur(&crop, 2.0), ImageFormat::Png), &measure());
            let (dark, blur, blur2) =
                (dark.expect("dark face found"), blur.expect("blurred face found"), blur2.unwrap());
            eprintln!(
                "face {face:?}: ok b={:.1} s={:.1} | jpeg s={:.1} | dark b={:.1} s={:.1} | blur6 b={:.1} s={:.1} | blur2 s={:.1}",
                ok.brightness, ok.sharpness, jpeg.sharpness, dark.brightness, dark.sharpness, blur.brightness,
                blur.sharpness, blur2.sharpness
            );
            assert_eq!((ok.faces, check(&darken(&crop, 0.15))), (1, Err(PhotoProblem::TooDark)));
            assert_eq!(check(&imageops::blur(&crop, 6.0)), Err(PhotoProblem::Blurred));
        }
    }

    /// Thresholds that let everything through, to read the measures of images the defaults refuse.
    fn measure() -> PhotoThresholds {
        PhotoThresholds { min_face_px: 0, min_face_fraction: 0.0, min_brightness: 0.0, min_sharpness: 0.0 }
    }

    #[test]
    fn exif_rotation_is_applied() {
        use image::{codecs::jpeg::JpegEncoder, ImageEncoder};
        // A phone stores the sensor's pixels sideways and records "rotate 90° clockwise" (EXIF Orientation = 6).
        let sideways = imageops::rotate270(&face_crop(group_faces()[0]));
        let exif = [0x49, 0x49, 0x2A, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0];
        let mut tagged = Vec::new();
        let mut encoder = JpegEncoder::new_with_quality(&mut tagged, 90);
        encoder.set_exif_metadata(exif.to_vec()).expect("JPEG takes EXIF");
        encoder
            .write_image(&sideways, sideways.width(), sideways.height(), image::ExtendedColorType::Rgb8)
            .expect("encode");
        let t = PhotoThresholds::default();
        assert_eq!(check_face_photo(detector(), &encode(&sideways, ImageFormat::Jpeg), &t), Err(PhotoProblem::NoFace));
        let report = check_face_photo(detector(), &tagged, &t).expect("upright after EXIF rotation");
        let (x, _, w, _) = report.face_box.expect("face box");
        assert!(x + w <= sideways.height(), "box {:?} is in upright coordinates", report.face_box);
    }

    #[test]
    fn no_face_and_small_face() {
        let gradient = RgbImage::from_fn(640, 480, |x, y| Rgb([(x * 255 / 639) as u8, (y * 255 / 479) as u8, 128]));
        assert_eq!(check(&gradient), Err(PhotoProblem::NoFace));
        assert!(PhotoProblem::NoFace.zh().starts_with("未检测到人脸"));
        // The face is 100 px on a 1600 px canvas: found (40 px after fitting into 640), but 6% of the width.
        let crop = face_crop(group_faces()[0]);
        let small = imageops::resize(
            &crop,
            crop.width() * 100 / 160,
            crop.height() * 100 / 160,
            imageops::FilterType::Triangle,
        );
        let mut canvas = RgbImage::from_pixel(1600, 1200, Rgb([200, 200, 200]));
        imageops::overlay(&mut canvas, &small, 750, 500);
        assert_eq!(check(&canvas), Err(PhotoProblem::FaceTooSmall));
        assert_eq!(PhotoProblem::FaceTooSmall.zh(), "人脸过小，请靠近摄像头");
    }

    #[test]
    fn anything_that_is_not_a_photo_is_refused_without_panicking() {
        let t = PhotoThresholds::default();
        let html = b"<!DOCTYPE html><html><body><img src=x></body></html>";
        let pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
        let png = encode(&face_crop(group_faces()[0]), ImageFormat::Png);
        let jpeg = encode(&face_crop(group_faces()[0]), ImageFormat::Jpeg);
        // Declares a 9000 px wide canvas: refused by the decoder limits before any pixel is allocated.
        let wide = encode(&RgbImage::new(9000, 1), ImageFormat::Png);
        let junk_jpeg = [&[0xFF, 0xD8, 0xFF, 0xE0][..], &lcg_bytes(5000, 3)].concat();
        for bytes in [&lcg_bytes(5000, 1)[..], html, pdf, &png[..png.len() / 2], &jpeg[..40], &junk_jpeg, &wide, &[]] {
            assert_eq!(check_face_photo(detector(), bytes, &t), Err(PhotoProblem::NotAnImage));
        }
        assert_eq!(sniff(pdf), Some(FileKind::Pdf));
        // Corrupted photos and odd sizes: any outcome but a panic.
        for i in 0..200u64 {
            let mut bytes = if i % 2 == 0 { jpeg.clone() } else { png.clone() };
            let noise = lcg_bytes(16, i);
            for pair in noise.chunks(2) {
                let at = 8 + usize::from(pair[0]) * (bytes.len() - 8) / 256;
                bytes[at] ^= pair[1] | 1;
            }
            let _ = check_face_photo(detector(), &bytes, &t);
        }
        for (w, h) in [(1, 1), (39, 39), (40, 40), (41, 41), (50, 50), (640, 40), (40, 640), (3000, 2), (2, 3000)] {
            let img = ImageBuffer::from_pixel(w, h, Luma([90u8]));
            let mut out = Cursor::new(Vec::new());
            DynamicImage::ImageLuma8(img).write_to(&mut out, ImageFormat::Png).expect("encode");
            assert_eq!(check_face_photo(detector(), out.get_ref(), &t), Err(PhotoProblem::NoFace), "{w}x{h}");
        }
    }
}
