//! Edits to a part as byte splices: insert text at an offset or replace a
//! range, applied in one pass. Nothing is reserialised, so every byte the
//! patcher does not touch stays exactly as the user's program wrote it.

use super::super::DocxError;
use std::ops::Range;

#[derive(Debug, Clone)]
struct Splice {
    range: Range<usize>,
    /// Among insertions at one offset, lower goes first.
    order: u8,
    seq: usize,
    text: String,
}

/// Pending edits to one part.
#[derive(Debug, Default)]
pub(crate) struct Splices {
    edits: Vec<Splice>,
}

impl Splices {
    /// Insert `text` at `at`; among insertions at the same offset, lower
    /// `order` first, then in the order added.
    pub fn insert(&mut self, at: usize, order: u8, text: impl Into<String>) {
        self.replace(at..at, order, text);
    }

    /// Replace `range` by `text`.
    pub fn replace(&mut self, range: Range<usize>, order: u8, text: impl Into<String>) {
        let seq = self.edits.len();
        self.edits.push(Splice {
            range,
            order,
            seq,
            text: text.into(),
        });
    }

    /// The part with every edit applied. Overlapping replacements, or an
    /// edit outside the part, mean the spans do not belong to these bytes.
    pub fn apply(mut self, bytes: &[u8]) -> Result<Vec<u8>, DocxError> {
        self.edits
            .sort_by_key(|e| (e.range.start, e.range.end > e.range.start, e.order, e.seq));
        let extra: usize = self.edits.iter().map(|e| e.text.len()).sum();
        let mut out = Vec::with_capacity(bytes.len() + extra);
        let mut at = 0usize;
        for e in &self.edits {
            if e.range.start < at || e.range.end > bytes.len() || e.range.start > e.range.end {
                return Err(DocxError::Annotate(
                    "无法生成批注文档：标注位置与文档内容不一致".into(),
                ));
            }
            out.extend_from_slice(&bytes[at..e.range.start]);
            out.extend_from_slice(e.text.as_bytes());
            at = e.range.end;
        }
        out.extend_from_slice(&bytes[at..]);
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_apply_in_offset_then_order() {
        let mut s = Splices::default();
        s.insert(3, 2, "[end]");
        s.replace(1..3, 0, "BC");
        s.insert(3, 1, "[mid]");
        s.insert(0, 0, ">");
        assert_eq!(s.apply(b"abcdef").unwrap(), b">aBC[mid][end]def");
        let mut bad = Splices::default();
        bad.replace(1..4, 0, "");
        bad.insert(2, 0, "x");
        assert!(bad.apply(b"abcdef").is_err());
        let mut outside = Splices::default();
        outside.insert(10, 0, "x");
        assert!(outside.apply(b"abc").is_err());
    }
}
