//! 项目支出绩效自评表 samples (seeds 000, 001, 002, 004).

use std::path::Path;

pub fn build(_dir: &Path) -> Result<(), rust_xlsxwriter::XlsxError> {
    Ok(())
}
