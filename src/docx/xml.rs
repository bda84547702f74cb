//! Small helpers shared by the part parsers: attribute values by local name
//! (Word documents use `w:` almost always, but the prefix is not fixed) and
//! WordprocessingML's on/off and number conventions.

use quick_xml::events::{BytesStart, Event};

/// The value of the attribute with this local name, unescaped.
pub(crate) fn attr(e: &BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// A decimal attribute (`w:val="3"`); out-of-range or malformed → None.
pub(crate) fn attr_i64(e: &BytesStart<'_>, local: &str) -> Option<i64> {
    attr(e, local).and_then(|v| v.trim().parse().ok())
}

/// An ST_OnOff property element: present without `w:val`, or with a true
/// value, means on.
pub(crate) fn on_off(e: &BytesStart<'_>) -> bool {
    match attr(e, "val") {
        None => true,
        Some(v) => !matches!(v.trim(), "0" | "false" | "off"),
    }
}

/// Element path of a small part's parser, bounded in depth: a hostile
/// part may nest without end, and only shallow paths matter.
#[derive(Debug, Default)]
pub(crate) struct Path {
    names: Vec<String>,
    overflow: usize,
}

impl Path {
    const MAX: usize = 64;

    pub fn push(&mut self, local: &str) {
        if self.names.len() < Self::MAX {
            self.names.push(local.to_string());
        } else {
            self.overflow += 1;
        }
    }

    pub fn pop(&mut self) -> Option<String> {
        if self.overflow > 0 {
            self.overflow -= 1;
            None
        } else {
            self.names.pop()
        }
    }

    /// True when the open elements are exactly `path`.
    pub fn is(&self, path: &[&str]) -> bool {
        self.overflow == 0
            && self.names.len() == path.len()
            && self.names.iter().zip(path).all(|(a, b)| a == b)
    }
}

/// What [`walk`] reports: an element opening, with the path of elements
/// around it, or closing, by local name.
pub(crate) enum Walk<'p, 'e> {
    Open(&'p Path, &'p BytesStart<'e>),
    Close(&'p str),
}

/// Walk a small part's elements in order, keeping the path. Malformed XML
/// ends the walk: the caller keeps what it has read so far.
pub(crate) fn walk(xml: &[u8], mut f: impl FnMut(Walk<'_, '_>)) {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut path = Path::default();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                f(Walk::Open(&path, &e));
                path.push(e.local_name().as_ref());
            }
            Ok(Event::Empty(e)) => {
                f(Walk::Open(&path, &e));
                f(Walk::Close(e.local_name().as_ref()));
            }
            Ok(Event::End(_)) => {
                if let Some(name) = path.pop() {
                    f(Walk::Close(&name));
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
}
