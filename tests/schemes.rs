//! Scoring schemes: the shipped files load and match the built-ins, bad
//! files say where they are wrong, and `--scheme` changes what the 益阳
//! samples yield.

mod common;

use shenbiao::rules::Outcome;
use shenbiao::scheme::{FundScore, Scheme, ShareBand, SHIPPED};
use std::path::Path;

fn sample(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name)
}

fn check(path: &Path, scheme: Option<&str>) -> shenbiao::outcome::FileReport {
    let mut opts = shenbiao::Options::default();
    if let Some(name) = scheme {
        opts.scheme = Scheme::load(name).unwrap();
        opts.scheme_chosen = true;
    }
    shenbiao::check_file(path, &opts).0
}

const YIYANG: [&str; 4] = [
    "益阳_智慧益阳管理中心电费.xlsx",
    "益阳_市电子政务外网平台.xlsx",
    "益阳_市雪亮工程三期.xlsx",
    "益阳_智慧大脑政务服务.xlsx",
];

#[test]
fn shipped_schemes_load() {
    let names: Vec<String> = Scheme::shipped().iter().map(|s| s.name.clone()).collect();
    assert_eq!(
        names,
        ["national", "hunan-yiyang", "tianjin", "hunan-yueyang"]
    );
    for (name, _) in SHIPPED {
        let s = Scheme::load(name).unwrap();
        assert_eq!(&s.name, name, "file name and `name` agree");
        assert!(!s.sources.is_empty(), "{name} names its sources");
    }
}

#[test]
fn national_file_equals_builtin() {
    assert_eq!(Scheme::builtin("national").unwrap(), Scheme::national());
    assert_eq!(Scheme::default(), Scheme::national());
}

#[test]
fn shipped_files_say_where_their_rules_come_from() {
    for (name, text) in SHIPPED {
        assert!(
            text.lines().take(3).any(|l| l.starts_with('#')),
            "{name}.toml starts with a comment"
        );
        assert!(text.contains("rules.md"), "{name}.toml cites rules.md");
        // …in its comments: what `rules --scheme` prints names public
        // documents only.
        let shown = Scheme::builtin(name).unwrap().describe();
        for internal in ["rules.md", "SEED"] {
            assert!(!shown.contains(internal), "{name}: {shown}");
        }
    }
}

#[test]
fn local_schemes_differ_where_the_sources_say() {
    let yy = Scheme::builtin("hunan-yiyang").unwrap();
    assert!(!yy.fund_in_total);
    assert!(yy.weights.iter().any(|w| w.name == "可持续影响指标"));
    let tj = Scheme::builtin("tianjin").unwrap();
    assert!(tj.fund_in_total);
    let yue = Scheme::builtin("hunan-yueyang").unwrap();
    let fw = yue.framework.as_ref().unwrap();
    let weights: Vec<_> = fw
        .weights
        .iter()
        .map(|w| (w.name.as_str(), w.points.to_string()))
        .collect();
    assert_eq!(
        weights,
        [
            ("项目决策", "20".into()),
            ("项目管理", "25".into()),
            ("项目绩效", "55".into())
        ]
    );
    assert_eq!(yue.rating_for(98.into()).unwrap().name, "优秀");
}

#[test]
fn user_file_loads_by_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("my.toml");
    let text = SHIPPED[0]
        .1
        .replace("name = \"national\"", "name = \"mine\"")
        .replace("[fund_score]\nmethod = \"proportional\"", "[fund_score]\nmethod = \"bands\"\nbands = [{ min = 0.9, share = 1 }, { min = 0, share = 0.5 }]");
    std::fs::write(&path, text).unwrap();
    let s = Scheme::load(path.to_str().unwrap()).unwrap();
    assert_eq!(s.name, "mine");
    assert_eq!(
        s.fund_score,
        FundScore::Bands {
            bands: vec![
                ShareBand {
                    min: "0.9".parse().unwrap(),
                    share: 1.into()
                },
                ShareBand {
                    min: 0.into(),
                    share: "0.5".parse().unwrap()
                },
            ]
        }
    );
    assert_eq!(
        s.fund_score_for(10.into(), "0.95".parse().unwrap()),
        10.into()
    );
    assert_eq!(
        s.fund_score_for(10.into(), "0.5".parse().unwrap()),
        5.into()
    );
}

#[test]
fn malformed_file_error_names_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    // Line 6 gives a weight as text.
    let text = SHIPPED[0].1.replacen("points = 50", "points = \"五十\"", 1);
    let line = text
        .lines()
        .position(|l| l.contains("五十"))
        .map(|i| i + 1)
        .unwrap();
    std::fs::write(&path, &text).unwrap();
    let err = Scheme::load(path.to_str().unwrap()).unwrap_err();
    assert_eq!(err.line, Some(line), "{err}");
    assert!(err.message.contains(&format!("第 {line} 行")), "{err}");
    assert!(err.message.contains("bad.toml"), "{err}");

    // A syntax error and an unknown field are located too.
    std::fs::write(&path, "name = \"x\"\ntitle = \n").unwrap();
    let err = Scheme::load(path.to_str().unwrap()).unwrap_err();
    assert_eq!(err.line, Some(2), "{err}");
    let text = SHIPPED[0].1.replacen("rounding_cap", "rounding_capp", 1);
    std::fs::write(&path, &text).unwrap();
    let err = Scheme::load(path.to_str().unwrap()).unwrap_err();
    assert!(err.message.contains("不认识的字段"), "{err}");
    assert!(err.line.is_some(), "{err}");
}

#[test]
fn inconsistent_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.toml");
    std::fs::write(
        &path,
        SHIPPED[0].1.replacen("points = 50", "points = 40", 1),
    )
    .unwrap();
    let err = Scheme::load(path.to_str().unwrap()).unwrap_err();
    assert!(err.message.contains("应为 100"), "{err}");
    assert!(Scheme::load("no-such-scheme").is_err());
}

fn rules_of(r: &shenbiao::outcome::FileReport) -> Vec<&'static str> {
    r.findings().map(|f| f.rule.code).collect()
}

#[test]
fn yiyang_samples_under_yiyang_scheme_have_no_convention_warnings() {
    for name in YIYANG {
        let r = check(&sample(name), Some("hunan-yiyang"));
        let rules = rules_of(&r);
        for code in ["ZP-12", "ZP-14", "ZP-24"] {
            assert!(!rules.contains(&code), "{name}: {code} in {rules:?}");
        }
        assert_eq!(
            r.summaries().next().unwrap().scheme.as_deref(),
            Some("hunan-yiyang")
        );
        // The checks ran and passed, not merely skipped.
        for code in ["ZP-14", "ZP-24"] {
            assert!(
                r.checks()
                    .any(|c| c.rule.code == code && c.outcome == Outcome::Pass),
                "{name}: {code} passed"
            );
        }
        let weights_passed = r
            .checks()
            .filter(|c| c.rule.code == "ZP-12" && c.outcome == Outcome::Pass)
            .count();
        assert!(weights_passed >= 3, "{name}: ZP-12 passes {weights_passed}");
    }
}

#[test]
fn yiyang_samples_under_national_keep_the_convention_warning() {
    for name in YIYANG {
        for scheme in [None, Some("national")] {
            let r = check(&sample(name), scheme);
            let zp14: Vec<_> = r.findings().filter(|f| f.rule.code == "ZP-14").collect();
            assert_eq!(zp14.len(), 1, "{name} {scheme:?}: {:?}", rules_of(&r));
            assert_eq!(zp14[0].severity, shenbiao::rules::Severity::Warning);
            assert!(zp14[0].message.contains("符合“湖南益阳”口径"));
            // Only an unchosen scheme suggests choosing it, in the page's
            // words (the CLI rewrites them to name --scheme).
            assert!(!zp14[0].message.contains("--scheme"));
            assert_eq!(
                zp14[0].message.contains("（可在评分方案中选择）"),
                scheme.is_none(),
                "{}",
                zp14[0].message
            );
            assert!(!rules_of(&r).contains(&"ZP-24"), "{name}");
        }
    }
}

#[test]
fn national_form_under_yiyang_names_the_fitting_scheme() {
    let r = check(
        &sample("津南_智慧津南项目运维及咨询费.xlsx"),
        Some("hunan-yiyang"),
    );
    let zp14: Vec<_> = r.findings().filter(|f| f.rule.code == "ZP-14").collect();
    assert_eq!(zp14.len(), 1, "{:?}", rules_of(&r));
    assert!(
        zp14[0].message.contains("符合“全国”口径"),
        "{}",
        zp14[0].message
    );
}

/// A form whose 定性 indicator “部分达成” scored 55%: outside the national
/// 60–80% band, inside an 80/50 scheme's 50–80% band.
#[test]
fn qualitative_bands_come_from_the_scheme() {
    use common::*;
    let mut spec = FormSpec::consistent();
    let q = &mut spec.indicators[3];
    q.actual = t("部分达成预期指标并具有一定效果");
    q.score = V::N(16.5);
    q.reason = "部分路段施工延期，明年继续推进".into();
    spec.total_score = V::N(85.5);
    spec.rating = Some("良".into());
    let dir = tempfile::tempdir().unwrap();
    let (path, layout) = save_form(dir.path(), "q.xlsx", &spec, (0, 0), Style::default());
    let national = shenbiao::check_file(&path, &shenbiao::Options::default()).0;
    assert_eq!(
        findings(&national),
        vec![("ZP-19".into(), "error".into(), layout.indicator(3, 6))]
    );

    let text = SHIPPED[0]
        .1
        .replace("name = \"national\"", "name = \"hb\"")
        .replace("min = 0.60\nmax = 0.80", "min = 0.50\nmax = 0.80")
        .replace("min = 0\nmax = 0.60", "min = 0\nmax = 0.50");
    let scheme = shenbiao::scheme::parse(&text, "hb.toml").unwrap();
    assert_eq!(scheme.qualitative[1].min, "0.5".parse().unwrap());
    let opts = shenbiao::Options {
        scheme,
        scheme_chosen: true,
        ..Default::default()
    };
    let hb = shenbiao::check_file(&path, &opts).0;
    assert_eq!(findings(&hb), vec![]);
}
