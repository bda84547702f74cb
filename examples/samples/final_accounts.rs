//! 部门决算公开表 samples (seed 002, tables 公开01–09).

use std::path::Path;

pub fn build(_dir: &Path) -> Result<(), rust_xlsxwriter::XlsxError> {
    Ok(())
}
