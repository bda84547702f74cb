//! A streaming `multipart/form-data` parser with a fixed memory bound.
//!
//! Why our own: the general-purpose parser keeps a preamble without a
//! boundary, or a part header without its blank line, in memory and scans
//! it again on every read, so a few connections sending such bodies cost
//! gigabytes. This one is sans-IO (bytes in, events out), never holds more
//! than [`MAX_PREAMBLE`] / [`MAX_HEADER_BYTES`] plus the chunk being fed,
//! scans each byte a bounded number of times, and refuses with a Chinese
//! message when a limit is crossed. Being sans-IO it is also what the fuzz
//! target drives (fuzz/fuzz_targets/multipart.rs).

/// Most bytes accepted before the first boundary. Browsers send none.
pub const MAX_PREAMBLE: usize = 16 * 1024;
/// Most bytes of one part's header block (browsers send a few hundred).
pub const MAX_HEADER_BYTES: usize = 16 * 1024;
/// Longest boundary RFC 2046 allows.
const MAX_BOUNDARY: usize = 70;

/// What the parser found next.
#[derive(Debug, PartialEq, Eq)]
pub enum Event<'a> {
    /// A new part begins; its headers are complete.
    Part(PartHeaders),
    /// Bytes of the current part's body (possibly one of many pieces).
    Data(&'a [u8]),
    /// The closing boundary: nothing after it is read.
    End,
}

/// The headers of one part that the server uses.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PartHeaders {
    /// The form field name (`name=`).
    pub name: Option<String>,
    /// The file name (`filename=` or `filename*=`), present for file parts.
    pub file_name: Option<String>,
}

/// Why the body cannot be read as multipart; the text is for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError(pub String);

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Before the first boundary.
    Preamble,
    /// Just after a boundary: `--` ends the body, CRLF starts a part.
    AfterBoundary,
    /// Inside a part's header block.
    Headers,
    /// Inside a part's body.
    Body,
    /// After the closing boundary (the epilogue is ignored).
    Done,
}

/// The parser. Feed bytes with [`Parser::feed`], take events with
/// [`Parser::next_event`] until it returns `None`, repeat; call
/// [`Parser::finish`] when the input ends.
#[derive(Debug)]
pub struct Parser {
    /// `\r\n--boundary`: every delimiter, the first one included (the
    /// buffer starts with a virtual CRLF so the body may open with it).
    delimiter: Vec<u8>,
    buf: Vec<u8>,
    /// Bytes at the front of `buf` already handed out.
    consumed: usize,
    /// Bytes of `buf` (after `consumed`) already searched without a match.
    scanned: usize,
    /// Preamble bytes dropped so far.
    preamble: usize,
    state: State,
}

impl Parser {
    /// A parser for the boundary of a `Content-Type` header.
    pub fn new(boundary: &str) -> Result<Parser, ParseError> {
        if boundary.is_empty() || boundary.len() > MAX_BOUNDARY {
            return Err(ParseError(
                "请求格式不正确：multipart 分隔符为空或过长".to_string(),
            ));
        }
        let mut delimiter = b"\r\n--".to_vec();
        delimiter.extend_from_slice(boundary.as_bytes());
        Ok(Parser {
            delimiter,
            buf: b"\r\n".to_vec(),
            consumed: 0,
            scanned: 0,
            preamble: 0,
            state: State::Preamble,
        })
    }

    /// Append received bytes. Call only after `next_event` returned `None`
    /// (all buffered events taken), so the buffer stays bounded.
    pub fn feed(&mut self, chunk: &[u8]) {
        self.compact();
        if self.state != State::Done {
            self.buf.extend_from_slice(chunk);
        }
    }

    /// True once the closing boundary was read.
    pub fn is_done(&self) -> bool {
        self.state == State::Done
    }

    /// The input ended: an error unless the closing boundary was seen.
    pub fn finish(&self) -> Result<(), ParseError> {
        if self.state == State::Done {
            Ok(())
        } else {
            Err(ParseError("上传未完成：数据在结束标记之前中断".to_string()))
        }
    }

    /// The next event from the buffered bytes, `None` when more input is
    /// needed (or after [`Event::End`]).
    pub fn next_event(&mut self) -> Result<Option<Event<'_>>, ParseError> {
        loop {
            match self.state {
                State::Done => return Ok(None),
                State::Preamble => {
                    let pending = &self.buf[self.consumed..];
                    // The limit is on where the first delimiter starts, so
                    // the outcome does not depend on how the body is split.
                    if let Some(i) = search(pending, &mut self.scanned, &self.delimiter) {
                        if self.preamble + i > MAX_PREAMBLE {
                            return Err(preamble_too_long());
                        }
                        self.advance(i + self.delimiter.len());
                        self.state = State::AfterBoundary;
                        continue;
                    }
                    // Keep only a tail that may begin a delimiter.
                    let keep = (self.delimiter.len() - 1).min(pending.len());
                    let drop = pending.len() - keep;
                    self.preamble += drop;
                    if self.preamble > MAX_PREAMBLE {
                        return Err(preamble_too_long());
                    }
                    self.advance(drop);
                    return Ok(None);
                }
                State::AfterBoundary => {
                    let pending = &self.buf[self.consumed..];
                    // Transport padding (spaces, tabs) may follow a boundary.
                    let pad = pending
                        .iter()
                        .take_while(|b| **b == b' ' || **b == b'\t')
                        .count();
                    if pad > MAX_HEADER_BYTES {
                        return Err(malformed());
                    }
                    let rest = &pending[pad..];
                    if rest.len() < 2 {
                        return Ok(None);
                    }
                    if rest.starts_with(b"--") {
                        self.state = State::Done;
                        self.buf = Vec::new();
                        self.consumed = 0;
                        return Ok(Some(Event::End));
                    }
                    if !rest.starts_with(b"\r\n") {
                        return Err(malformed());
                    }
                    self.advance(pad + 2);
                    self.state = State::Headers;
                }
                State::Headers => {
                    // A part without headers: the blank line comes at once.
                    let pending = &self.buf[self.consumed..];
                    let end = if pending.starts_with(b"\r\n") {
                        Some((0, 2))
                    } else {
                        search(pending, &mut self.scanned, b"\r\n\r\n").map(|i| (i, i + 4))
                    };
                    let Some((len, skip)) = end else {
                        // The blank line can no longer start within the
                        // limit (it may have begun in the last 3 bytes).
                        if pending.len() > MAX_HEADER_BYTES + 3 {
                            return Err(ParseError(format!(
                                "请求格式不正确：文件信息（分段头）超过 {} KB 仍未结束",
                                MAX_HEADER_BYTES / 1024
                            )));
                        }
                        return Ok(None);
                    };
                    if len > MAX_HEADER_BYTES {
                        return Err(ParseError(format!(
                            "请求格式不正确：文件信息（分段头）超过 {} KB",
                            MAX_HEADER_BYTES / 1024
                        )));
                    }
                    let headers = parse_headers(&pending[..len]);
                    self.advance(skip);
                    self.state = State::Body;
                    return Ok(Some(Event::Part(headers)));
                }
                State::Body => {
                    let pending = &self.buf[self.consumed..];
                    if let Some(i) = search(pending, &mut self.scanned, &self.delimiter) {
                        if i > 0 {
                            // Hand out the data; the delimiter is taken on
                            // the next call (the search finds it at 0).
                            let start = self.consumed;
                            self.advance(i);
                            return Ok(Some(Event::Data(&self.buf[start..start + i])));
                        }
                        self.advance(self.delimiter.len());
                        self.state = State::AfterBoundary;
                        continue;
                    }
                    let keep = (self.delimiter.len() - 1).min(pending.len());
                    let n = pending.len() - keep;
                    if n == 0 {
                        return Ok(None);
                    }
                    let start = self.consumed;
                    self.advance(n);
                    return Ok(Some(Event::Data(&self.buf[start..start + n])));
                }
            }
        }
    }

    fn advance(&mut self, n: usize) {
        self.consumed += n;
        self.scanned = 0;
    }

    /// Drop handed-out bytes from the front of the buffer.
    fn compact(&mut self) {
        if self.consumed > 0 {
            self.buf.drain(..self.consumed);
            self.consumed = 0;
        }
    }
}

/// Find `needle` in `pending`, resuming where the last unsuccessful search
/// stopped (`scanned`), so no byte is scanned over and over.
fn search(pending: &[u8], scanned: &mut usize, needle: &[u8]) -> Option<usize> {
    let from = scanned.saturating_sub(needle.len() - 1);
    let found = memchr::memmem::find(pending.get(from..)?, needle).map(|i| i + from);
    if found.is_none() {
        *scanned = pending.len();
    }
    found
}

fn preamble_too_long() -> ParseError {
    ParseError(format!(
        "请求格式不正确：开头 {} KB 内没有找到 multipart 分隔符",
        MAX_PREAMBLE / 1024
    ))
}

fn malformed() -> ParseError {
    ParseError("请求格式不正确：multipart 分隔符后的内容无法识别".to_string())
}

/// `name` and `filename` from the `Content-Disposition` line of a header
/// block; other headers are ignored. Header text is read as UTF-8, which
/// is what browsers send for non-ASCII file names.
fn parse_headers(block: &[u8]) -> PartHeaders {
    let text = String::from_utf8_lossy(block);
    let mut out = PartHeaders::default();
    for line in text.split("\r\n") {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        if !key.trim().eq_ignore_ascii_case("content-disposition") {
            continue;
        }
        let mut extended = None;
        for (k, v) in parameters(value) {
            match k.to_ascii_lowercase().as_str() {
                "name" => out.name = Some(v),
                "filename" => out.file_name = Some(v),
                "filename*" => extended = decode_extended(&v),
                _ => {}
            }
        }
        if extended.is_some() {
            out.file_name = extended;
        }
    }
    out
}

/// `key=value` parameters after the disposition type; values may be
/// quoted with backslash escapes.
fn parameters(value: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut chars = value.chars().peekable();
    // Skip the disposition type (`form-data`).
    for c in chars.by_ref() {
        if c == ';' {
            break;
        }
    }
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace() || *c == ';') {
            chars.next();
        }
        let mut key = String::new();
        while let Some(&c) = chars.peek() {
            if c == '=' || c == ';' {
                break;
            }
            key.push(c);
            chars.next();
        }
        if chars.peek().is_none() && key.is_empty() {
            return out;
        }
        let mut val = String::new();
        if chars.peek() == Some(&'=') {
            chars.next();
            while chars.peek().is_some_and(|c| *c == ' ') {
                chars.next();
            }
            if chars.peek() == Some(&'"') {
                chars.next();
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => {
                            if let Some(n) = chars.next() {
                                val.push(n);
                            }
                        }
                        _ => val.push(c),
                    }
                }
                // Anything between the closing quote and `;` is dropped.
                while chars.peek().is_some_and(|c| *c != ';') {
                    chars.next();
                }
            } else {
                while let Some(&c) = chars.peek() {
                    if c == ';' {
                        break;
                    }
                    val.push(c);
                    chars.next();
                }
                val = val.trim().to_string();
            }
        }
        out.push((key.trim().to_string(), val));
    }
}

/// RFC 5987 `UTF-8''%E6%B4%A5…`; other charsets are not decoded.
fn decode_extended(v: &str) -> Option<String> {
    let (charset, rest) = v.split_once('\'')?;
    let (_lang, encoded) = rest.split_once('\'')?;
    if !charset.eq_ignore_ascii_case("utf-8") {
        return None;
    }
    let bytes = encoded.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The boundary of a `multipart/form-data` content type, or `None` if the
/// type is anything else.
pub fn boundary_of(content_type: &str) -> Option<String> {
    let (mime, _) = content_type.split_once(';').unwrap_or((content_type, ""));
    if !mime.trim().eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    parameters(content_type)
        .into_iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("boundary"))
        .map(|(_, v)| v)
        .filter(|b| !b.is_empty())
}

/// Parse a whole body fed in pieces of `step` bytes, collecting events as
/// owned values (tests and the fuzz target).
pub fn parse_all(boundary: &str, body: &[u8], step: usize) -> Result<Vec<Owned>, ParseError> {
    let mut p = Parser::new(boundary)?;
    let mut out = Vec::new();
    for chunk in body.chunks(step.max(1)) {
        p.feed(chunk);
        while let Some(e) = p.next_event()? {
            match e {
                Event::Part(h) => out.push(Owned::Part(h, Vec::new())),
                Event::Data(d) => match out.last_mut() {
                    Some(Owned::Part(_, data)) => data.extend_from_slice(d),
                    _ => return Err(ParseError("data outside a part".into())),
                },
                Event::End => out.push(Owned::End),
            }
            assert!(
                p.buf.len()
                    <= (MAX_PREAMBLE.max(MAX_HEADER_BYTES) + MAX_BOUNDARY + 8)
                        .saturating_add(step.saturating_mul(2)),
                "buffer grew to {}",
                p.buf.len()
            );
        }
        if p.is_done() {
            break;
        }
    }
    p.finish()?;
    Ok(out)
}

/// An event with its bytes owned (see [`parse_all`]).
#[derive(Debug, PartialEq, Eq)]
pub enum Owned {
    Part(PartHeaders, Vec<u8>),
    End,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body() -> Vec<u8> {
        b"--XyZ\r\n\
Content-Disposition: form-data; name=\"scheme\"\r\n\r\n\
national\r\n\
--XyZ\r\n\
Content-Disposition: form-data; name=\"files\"; filename=\"\xe8\xa1\xa8 \\\"1\\\".xlsx\"\r\n\
Content-Type: application/octet-stream\r\n\r\n\
PK\x03\x04\r\n--Xy not yet\r\n\r\n\
--XyZ--\r\nepilogue"
            .to_vec()
    }

    #[test]
    fn parts_are_the_same_whatever_the_chunking() {
        let whole = parse_all("XyZ", &body(), usize::MAX).unwrap();
        assert_eq!(whole.len(), 3);
        let Owned::Part(h, data) = &whole[0] else {
            panic!()
        };
        assert_eq!(h.name.as_deref(), Some("scheme"));
        assert_eq!(h.file_name, None);
        assert_eq!(data, b"national");
        let Owned::Part(h, data) = &whole[1] else {
            panic!()
        };
        assert_eq!(h.file_name.as_deref(), Some("表 \"1\".xlsx"));
        assert_eq!(data, b"PK\x03\x04\r\n--Xy not yet\r\n");
        assert_eq!(whole[2], Owned::End);
        for step in 1..40 {
            assert_eq!(parse_all("XyZ", &body(), step).unwrap(), whole, "{step}");
        }
    }

    #[test]
    fn a_preamble_without_boundary_is_refused_at_the_limit() {
        let junk = vec![b'a'; MAX_PREAMBLE + 100];
        let e = parse_all("XyZ", &junk, 1000).unwrap_err();
        assert!(e.0.contains("没有找到 multipart 分隔符"), "{e}");
        // A short preamble (allowed by RFC 2046) is skipped.
        let mut b = b"this is a preamble\r\n".to_vec();
        b.extend_from_slice(&body());
        assert_eq!(parse_all("XyZ", &b, 7).unwrap().len(), 3);
    }

    #[test]
    fn a_header_block_without_blank_line_is_refused_at_the_limit() {
        let mut b = b"--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"".to_vec();
        b.extend(std::iter::repeat_n(b'x', MAX_HEADER_BYTES + 10));
        let e = parse_all("XyZ", &b, 4096).unwrap_err();
        assert!(e.0.contains("分段头"), "{e}");
    }

    #[test]
    fn truncated_and_malformed_bodies_are_errors() {
        let b = body();
        let e = parse_all("XyZ", &b[..b.len() - 20], 64).unwrap_err();
        assert!(e.0.contains("上传未完成"), "{e}");
        let e = parse_all("XyZ", b"--XyZjunk", 64).unwrap_err();
        assert!(e.0.contains("无法识别"), "{e}");
        assert!(Parser::new("").is_err());
        assert!(Parser::new(&"b".repeat(71)).is_err());
    }

    #[test]
    fn extended_file_names_and_content_types() {
        let h = parse_headers(
            b"content-disposition: form-data; name=files; filename=\"a.xlsx\"; filename*=UTF-8''%E8%A1%A8.xlsx",
        );
        assert_eq!(h.name.as_deref(), Some("files"));
        assert_eq!(h.file_name.as_deref(), Some("表.xlsx"));
        assert_eq!(
            boundary_of("multipart/form-data; boundary=\"a b\"").as_deref(),
            Some("a b")
        );
        assert_eq!(
            boundary_of("Multipart/Form-Data;boundary=----WebKit").as_deref(),
            Some("----WebKit")
        );
        assert_eq!(boundary_of("application/json"), None);
        assert_eq!(boundary_of("multipart/form-data"), None);
        assert_eq!(decode_extended("UTF-8''%E8%A1"), None);
        assert_eq!(decode_extended("UTF-8''%"), Some("%".to_string()));
    }
}
