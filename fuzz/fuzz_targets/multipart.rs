//! The multipart parser of `shenbiao serve` on arbitrary bodies, fed in
//! pieces of a size taken from the input: it must never panic, its buffer
//! must stay bounded (asserted inside `parse_all`), and the parts it finds
//! must not depend on how the body was split.
#![no_main]

use shenbiao::serve::multipart;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&split, rest)) = data.split_first() else {
        return;
    };
    let (boundary, body) = rest.split_at(rest.len().min(4));
    let boundary = String::from_utf8_lossy(boundary).into_owned();
    let whole = multipart::parse_all(&boundary, body, usize::MAX);
    let pieces = multipart::parse_all(&boundary, body, usize::from(split) + 1);
    // Errors may name where they happened; success must match exactly.
    if let (Ok(a), Ok(b)) = (&whole, &pieces) {
        assert_eq!(a, b);
    }
    assert_eq!(whole.is_ok(), pieces.is_ok());
});
