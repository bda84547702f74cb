//! Where a comment range starts and ends: around a table cell's paragraphs,
//! around a whole paragraph, or around one sentence of it — splitting runs
//! at the sentence's boundaries so the highlight covers exactly the quote.

use super::super::model::{ParaSpan, Paragraph};
use super::splice::Splices;
use std::collections::HashSet;
use std::ops::Range;

/// A place between two pieces of content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Boundary {
    /// Between elements already: insert here.
    Point(usize),
    /// Between two children of run `run`: close the run here and reopen it
    /// with the same formatting.
    RunSplit { at: usize, run: usize },
    /// Inside the text of a `w:t` of run `run`, whose element starts at
    /// `t`: close the text and the run here, reopen both.
    TextSplit { at: usize, run: usize, t: usize },
}

/// Insertion orders at one offset: opening a self-closing paragraph's
/// content comes first, range starts before range ends, the closing tag
/// of an opened paragraph last.
pub(crate) const ORDER_START: u8 = 3;
pub(crate) const ORDER_END: u8 = 4;
const ORDER_CLOSE_P: u8 = 9;

/// The range of a comment as two boundaries, in one paragraph (prose) or
/// in a cell's first and last paragraphs.
#[derive(Debug, Clone)]
pub(crate) struct Anchor<'d> {
    pub start: Boundary,
    pub end: Boundary,
    /// The prose paragraph split boundaries refer to.
    pub para: Option<&'d Paragraph>,
}

/// Applies anchors to document.xml, remembering which self-closing
/// paragraphs were opened and which `w:t` elements made space-preserving.
pub(crate) struct AnchorWriter<'x> {
    xml: &'x [u8],
    opened: HashSet<usize>,
    preserved: HashSet<usize>,
}

impl<'x> AnchorWriter<'x> {
    pub fn new(xml: &'x [u8]) -> Self {
        AnchorWriter {
            xml,
            opened: HashSet::new(),
            preserved: HashSet::new(),
        }
    }

    /// Where content goes at the start (or end) of a paragraph's runs; a
    /// self-closing `<w:p/>` is opened into `<w:p>…</w:p>` first.
    pub fn paragraph_point(&mut self, s: &mut Splices, p: &ParaSpan, at_end: bool) -> Boundary {
        if p.self_closing {
            if self.opened.insert(p.element.start) {
                let close = p.element.end.saturating_sub(2);
                let name = qname_at(self.xml, p.element.start);
                s.replace(close..p.element.end, 0, ">");
                s.insert(p.element.end, ORDER_CLOSE_P, format!("</{name}>"));
            }
            return Boundary::Point(p.element.end);
        }
        Boundary::Point(if at_end {
            p.content.end
        } else {
            p.content.start
        })
    }

    /// Write `markers` at a boundary, splitting the run when needed.
    pub fn write(
        &mut self,
        s: &mut Splices,
        para: Option<&Paragraph>,
        b: Boundary,
        order: u8,
        markers: &str,
    ) {
        // The run is closed and reopened under its own qualified name (the
        // document's prefix need not be `w`), with its formatting copied.
        let run_parts = |run: usize| -> (String, String) {
            let span = para.and_then(|p| p.runs.get(run));
            let name = span.map_or_else(|| "w:r".into(), |r| qname_at(self.xml, r.element.start));
            let props = span
                .and_then(|r| r.props.clone())
                .and_then(|r| self.xml.get(r))
                .map(|b| String::from_utf8_lossy(b).into_owned())
                .unwrap_or_default();
            (name, props)
        };
        match b {
            Boundary::Point(at) => s.insert(at, order, markers),
            Boundary::RunSplit { at, run } => {
                let (r, props) = run_parts(run);
                s.insert(at, order, format!("</{r}>{markers}<{r}>{props}"));
            }
            Boundary::TextSplit { at, run, t } => {
                let (r, props) = run_parts(run);
                let tn = qname_at(self.xml, t);
                self.preserve_spaces(s, t);
                s.insert(
                    at,
                    order,
                    format!(r#"</{tn}></{r}>{markers}<{r}>{props}<{tn} xml:space="preserve">"#),
                );
            }
        }
    }

    /// A split may leave a space at the end of the first half; without
    /// `xml:space="preserve"` Word would drop it.
    fn preserve_spaces(&mut self, s: &mut Splices, t: usize) {
        if !self.preserved.insert(t) {
            return;
        }
        let tag_end = self.xml[t..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(self.xml.len(), |i| t + i);
        let tag = &self.xml[t..tag_end];
        if tag.windows(9).any(|w| w == b"xml:space") {
            return;
        }
        let name_end = tag
            .iter()
            .skip(1)
            .position(|&b| b.is_ascii_whitespace() || b == b'>' || b == b'/')
            .map_or(tag_end, |i| t + 1 + i);
        s.insert(name_end, 0, r#" xml:space="preserve""#);
    }
}

/// The anchor of a comment on a prose paragraph: the smallest range
/// covering every quote found in it, or the whole paragraph when a mark has
/// no quote or its quote is not in the text.
pub(crate) fn paragraph_anchor<'d>(p: &'d Paragraph, quotes: &[Option<&str>]) -> Anchor<'d> {
    let whole = Anchor {
        start: Boundary::Point(p.span.content.start),
        end: Boundary::Point(p.span.content.end),
        para: Some(p),
    };
    let mut covered: Option<Range<usize>> = None;
    for q in quotes {
        let Some(found) = q.and_then(|q| find_quote(&p.text, q)) else {
            return whole;
        };
        covered = Some(match covered {
            None => found,
            Some(c) => c.start.min(found.start)..c.end.max(found.end),
        });
    }
    let Some(range) = covered else {
        return whole;
    };
    match (
        boundary(p, range.start, Side::Start),
        boundary(p, range.end, Side::End),
    ) {
        (Some(start), Some(end)) => Anchor {
            start,
            end,
            para: Some(p),
        },
        _ => whole,
    }
}

/// The byte range of `quote` in `text`: exact, else with its surrounding
/// blanks trimmed.
fn find_quote(text: &str, quote: &str) -> Option<Range<usize>> {
    let trimmed = quote.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
    [quote, trimmed]
        .into_iter()
        .filter(|q| !q.is_empty())
        .find_map(|q| text.find(q).map(|i| i..i + q.len()))
}

/// Which end of a quote a boundary is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    /// Before the quote's first character.
    Start,
    /// Just past its last character.
    End,
}

/// The boundary at text offset `off`: inside a `w:t` when the offset
/// falls within one, else between the run's children, else outside the
/// run altogether (the quote begins or ends where the run does).
fn boundary(p: &Paragraph, off: usize, side: Side) -> Option<Boundary> {
    let i = p.pieces.iter().position(|pc| match side {
        Side::Start => pc.text.start <= off && off < pc.text.end,
        Side::End => pc.text.start < off && off <= pc.text.end,
    })?;
    let pc = &p.pieces[i];
    let run = p.runs.get(pc.run)?;
    let at_edge = off
        == if side == Side::Start {
            pc.text.start
        } else {
            pc.text.end
        };
    if !at_edge && pc.in_text {
        return Some(Boundary::TextSplit {
            at: pc.raw.start + (off - pc.text.start),
            run: pc.run,
            t: pc.node.start,
        });
    }
    let neighbour = match side {
        Side::Start => i.checked_sub(1),
        Side::End => Some(i + 1),
    }
    .and_then(|j| p.pieces.get(j))
    .filter(|q| q.run == pc.run);
    let pick = |start: usize, end: usize| if side == Side::Start { start } else { end };
    Some(match neighbour {
        None => Boundary::Point(pick(run.element.start, run.element.end)),
        Some(q) if q.node.start == pc.node.start => Boundary::TextSplit {
            at: pick(pc.raw.start, pc.raw.end),
            run: pc.run,
            t: pc.node.start,
        },
        Some(_) => Boundary::RunSplit {
            at: pick(pc.node.start, pc.node.end),
            run: pc.run,
        },
    })
}

/// The qualified name of the element whose start tag begins at `at`.
fn qname_at(xml: &[u8], at: usize) -> String {
    let tag = xml.get(at + 1..).unwrap_or_default();
    let end = tag
        .iter()
        .position(|&b| b.is_ascii_whitespace() || b == b'>' || b == b'/')
        .unwrap_or(tag.len());
    String::from_utf8_lossy(&tag[..end]).into_owned()
}
