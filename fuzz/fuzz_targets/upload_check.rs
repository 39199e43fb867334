//! The upload type check and the photo decoder on arbitrary bytes: the kind is decided by content alone
//! (an image's header must also read),
//! size limits hold, and decoding within the limits never panics or allocates without bound.
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
    match check_upload(data, MAX_BYTES, allowed) {
        Ok(kind) => {
            assert_eq!(sniff(data), Some(kind));
            assert!(allowed.contains(&kind) && !data.is_empty() && data.len() <= MAX_BYTES);
        }
        // Refused: empty, too big, not an allowed kind, or an image whose header doesn't read.
        Err(_) => assert!(
            data.is_empty()
                || data.len() > MAX_BYTES
                || !sniff(data).is_some_and(|k| allowed.contains(&k))
                || matches!(sniff(data), Some(FileKind::Jpeg | FileKind::Png))
        ),
    }
    if let Some(image) = decode(data) {
        assert!(image.width() <= 8000 && image.height() <= 8000);
    }
});
