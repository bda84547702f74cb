//! Detection and extraction: find each known form in a workbook by its
//! structure and labels, and turn it into a typed model whose every number
//! keeps its cell. This stage reads the workbook and nothing later in the
//! pipeline.

pub mod final_accounts;
pub mod framework;
pub mod labels;
pub mod narrative;
pub mod near_miss;
pub mod region;
pub mod self_eval;

use crate::amount::Amount;
use crate::workbook::Workbook;
use final_accounts::Publication;
use framework::Evaluation;
use self_eval::SelfEvalForm;

/// One form found in a workbook, typed by its kind. A workbook holds a
/// handful of forms, so the size gap between variants costs nothing worth
/// a box.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Form {
    /// 项目支出绩效自评表.
    SelfEvaluation(SelfEvalForm),
    /// 绩效评价自评报告 and its 项目支出绩效评价指标体系 (岳阳 style).
    Framework(Evaluation),
    /// One department's 部门决算公开表 (公开01–09).
    FinalAccounts(Publication),
    /// The prose of a Word document that publishes those tables.
    Narrative(narrative::Narrative),
}

impl Form {
    /// Every amount the form's rules read as a number (SB-01/SB-02 report
    /// the unusable ones once).
    pub fn amounts(&self) -> Vec<&Amount> {
        match self {
            Form::SelfEvaluation(f) => f.amounts(),
            Form::Framework(e) => e.amounts(),
            Form::FinalAccounts(p) => p.amounts(),
            Form::Narrative(_) => Vec::new(),
        }
    }
}

/// Every form in `wb`: 自评表 first, then 指标体系 evaluations, then 决算
/// publications, each in sheet order.
pub fn find_all(wb: &Workbook) -> Vec<Form> {
    let mut out: Vec<Form> = self_eval::find_forms(wb)
        .into_iter()
        .map(Form::SelfEvaluation)
        .collect();
    out.extend(framework::find(wb).into_iter().map(Form::Framework));
    out.extend(
        final_accounts::find(wb)
            .into_iter()
            .map(Form::FinalAccounts),
    );
    out
}
