//! Every field rule on arbitrary text: no panic, and the properties the forms rely on. A value a rule
//! accepts is accepted again unchanged (the server re-checks what the browser normalized), and the
//! password verdict agrees with the live checklist the form shows.
//! The properties live in app::fuzz_properties, which the ordinary tests also replay the corpus through.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| app::fuzz_properties::field_rules(data));
