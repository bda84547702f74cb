//! The driver: open → find forms → check each → collect. One direction:
//! this module calls the stages in order and nothing in them calls back.

use crate::forms::{self, Form};
use crate::outcome::{
    DeclaredComputed, FileReport, FormDetail, FormKind, FormReport, FormSummary, OutcomeCounts,
    Parts, ReadError, Status,
};
use crate::rules::format::contract;
use crate::rules::{self, Context, Facts};
use crate::scheme::Scheme;
use crate::source::{self, Opened, Source};
use crate::workbook::{self, contain::contained, Limits, Workbook};
use std::path::Path;

/// What a check run may vary.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Options {
    pub limits: Limits,
    pub scheme: Scheme,
    /// True when the user named a scheme; otherwise local conventions are
    /// recognised and reported as such.
    pub scheme_chosen: bool,
}

impl Options {
    pub fn context(&self) -> Context<'_> {
        Context {
            scheme: &self.scheme,
            scheme_chosen: self.scheme_chosen,
        }
    }
}

/// Check one file. Returns the report and, when the file could be read,
/// what was read (for the annotated copy). Never panics on bad input: a
/// panic in a dependency becomes an `unreadable` status.
pub fn check_file(path: &Path, opts: &Options) -> (FileReport, Option<Opened>) {
    let name = path.display().to_string();
    contained(|| match source::open(path, &opts.limits) {
        Ok(opened) => {
            let mut report = match &opened.source {
                Source::Workbook(wb) => check_workbook(&name, wb, opts),
                Source::Document(doc) => check_document(&name, doc, opts),
            };
            report.sha256 = Some(sha256_hex(&opened.bytes));
            (report, Some(opened))
        }
        Err(e) => (FileReport::unreadable(&name, e), None),
    })
    .unwrap_or_else(|_| {
        let e = workbook::OpenError::ParseFailed {
            file: Some(workbook::open::file_name(path)),
        };
        (FileReport::unreadable(&name, ReadError::Open(e)), None)
    })
}

/// The SHA-256 of `bytes` as 64 lower-case hex digits.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Find, extract and check every form in an already-read workbook.
pub fn check_workbook(name: &str, wb: &Workbook, opts: &Options) -> FileReport {
    let mut notes = Vec::new();
    let mut reports = Vec::new();
    for form in forms::find_all(wb) {
        let (report, form_notes) = check_form(form, opts);
        notes.extend(form_notes);
        reports.push(report);
    }
    notes.extend(wb.notes.iter().cloned());
    if wb.date_1904 {
        notes.push(
            "工作簿使用 1904 日期系统（Mac 版 Excel），日期已按该系统换算；金额不受影响".into(),
        );
    }
    for s in wb.sheets.iter().filter(|s| s.hidden) {
        notes.push(format!("工作表“{}”为隐藏工作表，已一并检查", s.name));
    }
    let found = !reports.is_empty();
    FileReport {
        file: name.to_string(),
        status: if found {
            Status::Checked
        } else {
            Status::NoForms
        },
        error: None,
        forms: reports,
        notes,
        not_found: (!found).then(|| forms::near_miss::describe(wb)),
        sha256: None,
    }
}

/// A 自评表's 实施单位 as filled in, else its 主管部门.
fn unit(f: &forms::self_eval::SelfEvalForm) -> Option<String> {
    [&f.implementer, &f.department]
        .into_iter()
        .filter_map(|field| field.as_ref()?.value.as_ref())
        .map(|v| v.text.trim().to_string())
        .find(|t| !t.is_empty())
}

/// A 自评表's parts, split into found and not found.
fn parts(f: &forms::self_eval::SelfEvalForm) -> Parts {
    let mut out = Parts::default();
    for (name, found) in f.parts() {
        if found {
            out.found.push(name.to_string());
        } else {
            out.missing.push(name.to_string());
        }
    }
    out
}

/// Check a Word document: its tables, as sheets `表N`, go through the same
/// detection, extraction and rules as a workbook's sheets.
pub fn check_document(name: &str, doc: &crate::docx::Document, opts: &Options) -> FileReport {
    let mut report = check_workbook(name, &doc.workbook(), opts);
    report.notes.extend(doc.notes.iter().cloned());
    if let Some(form) = narrative(doc, &report) {
        let (form_report, notes) = check_form(form, opts);
        report.forms.push(form_report);
        report.notes.extend(notes);
    }
    report
}

/// Run the rules on one form: its report entry and its notes.
fn check_form(form: Form, opts: &Options) -> (FormReport, Vec<String>) {
    let result = rules::check(&form, opts.context());
    let report = FormReport {
        summaries: summarize(&form, &result.facts, opts),
        findings: result.findings,
        outcomes: OutcomeCounts::of(&result.checks),
        detail: Some(FormDetail {
            form,
            checks: result.checks,
            facts: result.facts,
        }),
    };
    (report, result.notes)
}

/// The prose as one form, when the document's tables form a 决算
/// publication its 情况说明 describes (the prose rules bind numbers to
/// those tables; a document without one has nothing to bind them to).
fn narrative(doc: &crate::docx::Document, report: &FileReport) -> Option<Form> {
    let publication = report
        .forms
        .iter()
        .find_map(|f| match &f.detail.as_ref()?.form {
            Form::FinalAccounts(p) => Some(p.clone()),
            _ => None,
        })?;
    let paragraphs = doc
        .paragraphs
        .iter()
        .map(|p| forms::narrative::Para {
            number: p.number,
            text: p.text.clone(),
        })
        .collect();
    Some(Form::Narrative(forms::narrative::Narrative {
        paragraphs,
        publication,
    }))
}

/// The JSON `forms` entries of one form.
fn summarize(form: &Form, facts: &Facts, opts: &Options) -> Vec<FormSummary> {
    match (form, facts) {
        (Form::SelfEvaluation(f), Facts::SelfEvaluation(x)) => {
            let places = x.total.decimals;
            vec![FormSummary {
                kind: FormKind::SelfEvaluation,
                table: None,
                sheet: f.sheet.to_string(),
                range: f.range.a1(),
                title: f.display_name(),
                scheme: Some(opts.scheme.name.clone()),
                score: Some(DeclaredComputed {
                    declared: x.total.declared.map(|v| contract(v, places)),
                    computed: x.total.computed.as_ref().ok().map(|v| contract(*v, places)),
                }),
                rating: Some(DeclaredComputed {
                    declared: f.rating.as_ref().map(|d| d.text.trim().to_string()),
                    computed: x.rating.clone(),
                }),
                parts: Some(parts(f)),
                unit: unit(f),
            }]
        }
        (Form::Framework(e), Facts::Framework(x)) => framework_summaries(e, x),
        (Form::FinalAccounts(p), _) => p
            .tables()
            .iter()
            .map(|t| FormSummary {
                kind: FormKind::FinalAccounts,
                table: Some(t.meta.kind.code().to_string()),
                sheet: t.meta.sheet.to_string(),
                range: t.meta.rect.a1(),
                title: t.meta.title.clone(),
                scheme: None,
                score: None,
                rating: None,
                parts: None,
                unit: None,
            })
            .collect(),
        (Form::Narrative(n), _) => vec![FormSummary {
            kind: FormKind::Narrative,
            table: None,
            sheet: forms::narrative::SHEET.to_string(),
            range: match n.paragraphs.len() {
                0 => String::new(),
                len => format!("第1段:第{len}段"),
            },
            title: "情况说明（文字与表格核对）".into(),
            scheme: None,
            score: None,
            rating: None,
            parts: None,
            unit: None,
        }],
        _ => Vec::new(),
    }
}

/// One entry per part of an evaluation: the report, then the 指标体系.
fn framework_summaries(
    e: &forms::framework::Evaluation,
    x: &rules::framework::Facts,
) -> Vec<FormSummary> {
    let score = |v: Option<rust_decimal::Decimal>| v.map(|v| contract(v, x.decimals));
    let project = e.report.as_ref().and_then(|r| r.project_name());
    let mut out = Vec::new();
    if let Some(r) = &e.report {
        out.push(FormSummary {
            kind: FormKind::EvaluationFramework,
            table: None,
            sheet: r.sheet.to_string(),
            range: r.range.a1(),
            title: project.clone().unwrap_or_else(|| {
                r.title
                    .as_ref()
                    .map_or_else(|| "绩效评价自评报告".into(), |t| t.text.clone())
            }),
            scheme: Some(x.scheme.name.clone()),
            score: Some(DeclaredComputed {
                declared: score(x.report_score),
                computed: score(x.computed()),
            }),
            rating: Some(DeclaredComputed {
                declared: x.rating_declared.clone(),
                computed: x.rating_computed.clone(),
            }),
            parts: None,
            unit: None,
        });
    }
    if let Some(s) = &e.system {
        let name = s
            .title
            .as_ref()
            .map_or("项目支出绩效评价指标体系", |t| t.text.as_str());
        out.push(FormSummary {
            kind: FormKind::EvaluationFramework,
            table: None,
            sheet: s.sheet.to_string(),
            range: s.range.a1(),
            title: match &project {
                Some(p) => format!("{p}（{name}）"),
                None => name.to_string(),
            },
            scheme: Some(x.scheme.name.clone()),
            score: Some(DeclaredComputed {
                declared: score(x.system_score),
                computed: score(x.computed()),
            }),
            rating: None,
            parts: None,
            unit: None,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn sha256_matches_the_standard_test_vector() {
        // FIPS 180-2, appendix B.1.
        assert_eq!(
            super::sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
