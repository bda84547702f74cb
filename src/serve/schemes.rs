//! The scoring schemes the page offers: the named schemes shipped in
//! templates/schemes/*.toml, from one source ([`available`]), so a scheme
//! added there appears on the page without touching this file.

use crate::scheme::Scheme;
use serde::Serialize;

/// Every scheme the user may pick, the default first.
pub fn available() -> &'static [Scheme] {
    Scheme::shipped()
}

/// A scheme as the page lists it.
#[derive(Debug, Serialize)]
pub struct SchemeInfo {
    pub name: String,
    pub title: String,
}

/// `GET /api/schemes`.
pub fn listing() -> Vec<SchemeInfo> {
    available()
        .iter()
        .map(|s| SchemeInfo {
            name: s.name.clone(),
            title: s.title.clone(),
        })
        .collect()
}

/// The options of a check run for the scheme the page sent: none or
/// `auto` keeps the default (national, local conventions recognised and
/// reported as such); a name picks that scheme and turns recognition off.
pub fn options_for(name: Option<&str>) -> Result<crate::Options, String> {
    let mut opts = crate::Options::default();
    match name.map(str::trim) {
        None | Some("") | Some("auto") => {}
        Some(n) => {
            let s = available()
                .iter()
                .find(|s| s.name == n)
                .ok_or_else(|| format!("没有名为“{n}”的评分方案"))?;
            opts.scheme = s.clone();
            opts.scheme_chosen = true;
        }
    }
    Ok(opts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn national_is_listed_and_selectable() {
        assert_eq!(listing()[0].name, "national");
        assert!(!options_for(None).unwrap().scheme_chosen);
        assert!(options_for(Some("national")).unwrap().scheme_chosen);
        assert!(options_for(Some("火星")).unwrap_err().contains("火星"));
        let yiyang = options_for(Some("hunan-yiyang")).unwrap();
        assert_eq!(yiyang.scheme.name, "hunan-yiyang");
    }
}
