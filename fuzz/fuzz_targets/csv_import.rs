//! The three CSV imports (question bank, specialty catalog, existing expert pool) on arbitrary bytes: no
//! panic, all or nothing, and every accepted row is one the database can store as it is.
//! The properties live in app::fuzz_properties, which the ordinary tests also replay the corpus through.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| app::fuzz_properties::csv_import(data));
