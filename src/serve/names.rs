//! File names that come from the browser are untrusted: they only ever serve
//! as display text. Paths on disk use generated ids; the display name is
//! cleaned before it reaches a header, a zip entry or the page.

/// Longest display name kept, in characters (Windows paths stay short).
const MAX_NAME_CHARS: usize = 120;

/// A safe display name for an uploaded file: the last path component only,
/// without control characters or characters Windows forbids in names, no
/// leading dots (hidden files, `..`), at most [`MAX_NAME_CHARS`] characters.
pub fn sanitize_display_name(raw: &str) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*'))
        .collect();
    let trimmed = cleaned.trim().trim_start_matches('.').trim();
    let mut name: String = trimmed.chars().collect();
    if name.chars().count() > MAX_NAME_CHARS {
        // Keep the extension: cut the stem.
        let (stem, ext) = split_ext(&name);
        let keep = MAX_NAME_CHARS.saturating_sub(ext.chars().count() + 1);
        let stem: String = stem.chars().take(keep).collect();
        name = if ext.is_empty() {
            stem
        } else {
            format!("{stem}.{ext}")
        };
    }
    if name.is_empty() {
        "未命名".to_string()
    } else {
        name
    }
}

/// (stem, extension without dot); the extension is empty when there is none.
pub fn split_ext(name: &str) -> (&str, &str) {
    match name.rfind('.') {
        Some(i) if i > 0 && i + 1 < name.len() => (&name[..i], &name[i + 1..]),
        _ => (name, ""),
    }
}

/// Lower-case extension of a display name.
pub fn extension(name: &str) -> String {
    split_ext(name).1.to_ascii_lowercase()
}

/// `attachment` header value with an ASCII fallback and the UTF-8 name in
/// RFC 5987 `filename*`, so Chinese names survive in every browser.
pub fn content_disposition(name: &str, fallback: &str) -> String {
    let ascii_ok = name
        .chars()
        .all(|c| c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ');
    let plain = if ascii_ok { name } else { fallback };
    format!(
        "attachment; filename=\"{plain}\"; filename*=UTF-8''{}",
        rfc5987_encode(name)
    )
}

/// Percent-encode everything outside RFC 5987 `attr-char`.
fn rfc5987_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        let keep = b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'!' | b'#' | b'$' | b'&' | b'+' | b'-' | b'.' | b'^' | b'_' | b'`' | b'|' | b'~'
            );
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Make `name` unique among `taken` by inserting " (2)", " (3)" … before
/// the extension; used for entries of the zip archive.
pub fn unique_name(name: &str, taken: &mut std::collections::HashSet<String>) -> String {
    if taken.insert(name.to_string()) {
        return name.to_string();
    }
    let (stem, ext) = split_ext(name);
    for n in 2.. {
        let candidate = if ext.is_empty() {
            format!("{stem} ({n})")
        } else {
            format!("{stem} ({n}).{ext}")
        };
        if taken.insert(candidate.clone()) {
            return candidate;
        }
    }
    unreachable!("an unbounded counter always finds a free name")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_paths_and_forbidden_characters() {
        assert_eq!(sanitize_display_name("../../etc/passwd"), "passwd");
        assert_eq!(
            sanitize_display_name("C:\\用户\\桌面\\自评表.xlsx"),
            "自评表.xlsx"
        );
        assert_eq!(sanitize_display_name("a\u{0}b<c>:\"|?*.xlsx"), "abc.xlsx");
        assert_eq!(sanitize_display_name("..xlsx"), "xlsx");
        assert_eq!(sanitize_display_name("  ..  "), "未命名");
        assert_eq!(sanitize_display_name(""), "未命名");
        assert_eq!(sanitize_display_name(".hidden.xls"), "hidden.xls");
        let long = "表".repeat(300) + ".xlsx";
        let s = sanitize_display_name(&long);
        assert_eq!(s.chars().count(), MAX_NAME_CHARS);
        assert!(s.ends_with(".xlsx"));
    }

    #[test]
    fn content_disposition_has_ascii_fallback_and_utf8_name() {
        assert_eq!(
            content_disposition("自评表 1.checked.xlsx", "checked.xlsx"),
            "attachment; filename=\"checked.xlsx\"; filename*=UTF-8''%E8%87%AA%E8%AF%84%E8%A1%A8%201.checked.xlsx"
        );
        assert_eq!(
            content_disposition("report.csv", "x.csv"),
            "attachment; filename=\"report.csv\"; filename*=UTF-8''report.csv"
        );
    }

    #[test]
    fn unique_names_get_a_counter() {
        let mut taken = Default::default();
        assert_eq!(unique_name("a.xlsx", &mut taken), "a.xlsx");
        assert_eq!(unique_name("a.xlsx", &mut taken), "a (2).xlsx");
        assert_eq!(unique_name("a.xlsx", &mut taken), "a (3).xlsx");
    }
}
