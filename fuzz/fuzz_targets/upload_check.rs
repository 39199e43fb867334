//! The upload type check and the photo decoder on arbitrary bytes: the kind is decided by content alone
//! (an image must also decode, a PDF must parse), size limits hold, and decoding and parsing within the
//! limits never panic or allocate without bound.
//! The properties live in app::fuzz_properties, which the ordinary tests also replay the corpus through.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| app::fuzz_properties::upload_check(data));
