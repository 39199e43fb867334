//! The upload type check and the photo decoder on arbitrary bytes: the kind is decided by content alone
//! (an image must also decode, a PDF must parse), size limits hold, and decoding and parsing within the
//! limits never panic or allocate without bound.
#![no_main]

use app::identity::photo::{check_upload, decode, sniff, FileKind};
use libfuzzer_sys::fuzz_target;

const MAX_BYTES: usize = 1024 * 1024;

fuzz_target!(|data: &[u8]| {
    let allowed: &[FileKind] = match data.first().map(|b| b % 3) {
        Some(0) => &[FileKind::Jpeg, FileKind::Png],
        Some(1) => &[FileKind::Pdf],
        _ => &[FileKind::Jpeg, FileKind::Png, FileKind::Pdf],
    };
    let size_ok = !data.is_empty() && data.len() <= MAX_BYTES;
    let kind = sniff(data).filter(|k| allowed.contains(k));
    match check_upload(data, MAX_BYTES, allowed) {
        Ok(accepted) => {
            assert!(size_ok && kind == Some(accepted));
            // An accepted image is one the decoder reads.
            if accepted != FileKind::Pdf {
                assert!(decode(data).is_some());
            }
        }
        // Refused with the size right and an allowed image kind: the decoder can't read it either.
        Err(_) => {
            if size_ok && matches!(kind, Some(FileKind::Jpeg | FileKind::Png)) {
                assert!(decode(data).is_none());
            }
        }
    }
    if let Some(image) = decode(data) {
        assert!(image.width() <= 8000 && image.height() <= 8000);
    }
});
