//! Sheet names of the output: the input's names kept wherever Excel allows
//! them, and our added sheets named so they never collide with the input's.

use std::collections::HashSet;

/// Excel's limit on a sheet name, in UTF-16 units.
const MAX_SHEET_NAME: usize = 31;

/// Output names, in the order the sheets are written.
#[derive(Debug, Clone)]
pub struct SheetNames {
    /// One per input sheet, same order.
    pub originals: Vec<String>,
    pub summary: String,
    pub review: String,
    pub relations: String,
    pub rules: String,
}

impl SheetNames {
    pub fn allocate<'a>(inputs: impl IntoIterator<Item = &'a str>) -> SheetNames {
        // Excel reserves "History" for its change tracking.
        let mut taken = HashSet::from([fold("History")]);
        let originals = inputs
            .into_iter()
            .map(|name| unique(&sanitize(name), &mut taken))
            .collect();
        let mut ours = |base: &str| {
            if taken.insert(fold(base)) {
                return base.to_string();
            }
            unique(&format!("{base}(审表)"), &mut taken)
        };
        let summary = ours("审核结果");
        let review = ours("评分复核");
        let relations = ours("勾稽关系");
        let rules = ours("规则说明");
        SheetNames {
            originals,
            summary,
            review,
            relations,
            rules,
        }
    }
}

/// Excel compares sheet names without case.
fn fold(name: &str) -> String {
    name.to_lowercase()
}

/// Cut to at most `max` UTF-16 units on a character boundary.
fn truncate_utf16(s: &str, max: usize) -> String {
    let mut out = String::new();
    let mut len = 0;
    for c in s.chars() {
        len += c.len_utf16();
        if len > max {
            break;
        }
        out.push(c);
    }
    out
}

/// A name Excel accepts: no `[]:*?/\`, no leading or trailing apostrophe,
/// not blank, at most 31 characters. Names read from xlsx already comply;
/// ods and damaged files may not.
pub fn sanitize(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| match c {
            '[' | ']' | ':' | '*' | '?' | '/' | '\\' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    let cleaned = truncate_utf16(cleaned.trim_matches('\''), MAX_SHEET_NAME);
    let cleaned = cleaned.trim_matches('\'');
    if cleaned.trim().is_empty() {
        "Sheet".to_string()
    } else {
        cleaned.to_string()
    }
}

/// `name`, or `name2`, `name3` … (shortened to fit) if already taken.
fn unique(name: &str, taken: &mut HashSet<String>) -> String {
    if taken.insert(fold(name)) {
        return name.to_string();
    }
    for n in 2u32.. {
        let suffix = n.to_string();
        let head = truncate_utf16(name, MAX_SHEET_NAME - suffix.len());
        let candidate = format!("{}{suffix}", head.trim_end_matches('\''));
        if taken.insert(fold(&candidate)) {
            return candidate;
        }
    }
    unreachable!("u32 suffixes cannot all be taken")
}

/// An internal hyperlink target for a cell: `internal:'Sheet'!A1`.
pub fn internal_link(sheet: &str, a1: &str) -> String {
    format!("internal:'{}'!{}", sheet.replace('\'', "''"), a1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16_len(s: &str) -> usize {
        s.encode_utf16().count()
    }

    #[test]
    fn added_sheets_avoid_input_names() {
        let n = SheetNames::allocate(["审核结果", "评分复核(审表)", "Z01"]);
        assert_eq!(n.originals, ["审核结果", "评分复核(审表)", "Z01"]);
        assert_eq!(n.summary, "审核结果(审表)");
        assert_eq!(n.review, "评分复核");
        assert_eq!(n.relations, "勾稽关系");
    }

    #[test]
    fn invalid_and_duplicate_names_are_repaired() {
        let long = "一".repeat(40);
        let n = SheetNames::allocate(["a/b", "A_B", "'x'", long.as_str(), long.as_str()]);
        assert_eq!(n.originals[0], "a_b");
        assert_eq!(n.originals[1], "A_B2");
        assert_eq!(n.originals[2], "x");
        assert_eq!(utf16_len(&n.originals[3]), 31);
        assert_eq!(utf16_len(&n.originals[4]), 31);
        assert_ne!(n.originals[3], n.originals[4]);
    }

    #[test]
    fn links_quote_sheet_names() {
        assert_eq!(internal_link("O'Neil 表", "B7"), "internal:'O''Neil 表'!B7");
    }
}
