//! The roster template, as .xlsx (with a sheet explaining the values) or as CSV.

use crate::{AppError, Result};
use xinbao_domain::roster::Column;
use xinbao_domain::unit::UnitKind;

fn example_rows() -> Vec<[&'static str; 10]> {
    vec![
        [
            "某某县委办公室",
            "某某市委办公室",
            "办公室",
            "县级",
            "信息科",
            "王强",
            "wangqiang",
            "编辑、审签领导(科长)",
            "13800138001",
            "信息科科长",
        ],
        [
            "城关镇",
            "某某县委办公室",
            "乡镇(街道)",
            "",
            "党政办",
            "李娜",
            "lina",
            "信息员",
            "13800138002",
            "党政办干事",
        ],
        [
            "城关镇",
            "某某县委办公室",
            "乡镇(街道)",
            "",
            "党政办",
            "赵敏",
            "zhaomin",
            "分管领导",
            "13800138003",
            "副镇长",
        ],
    ]
}

/// The roster template as .xlsx: headers, examples and a sheet explaining the values.
pub fn template_xlsx() -> Result<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| AppError::Internal(e.to_string());
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let sheet = wb.add_worksheet().set_name("名册").map_err(err)?;
    for (i, c) in Column::ALL.iter().enumerate() {
        let col = u16::try_from(i).unwrap_or(0);
        sheet
            .write_string_with_format(0, col, c.header_zh(), &bold)
            .map_err(err)?;
        let width = example_rows()
            .iter()
            .map(|r| r[i].chars().count())
            .max()
            .unwrap_or(4)
            .max(c.header_zh().chars().count());
        sheet
            .set_column_width(col, 2.1 * width as f64 + 2.0)
            .map_err(err)?;
    }
    for (r, row) in example_rows().iter().enumerate() {
        for (i, v) in row.iter().enumerate() {
            sheet
                .write_string(
                    u32::try_from(r + 1).unwrap_or(1),
                    u16::try_from(i).unwrap_or(0),
                    *v,
                )
                .map_err(err)?;
        }
    }
    let help = wb.add_worksheet().set_name("填写说明").map_err(err)?;
    help.set_column_width(0, 24.0).map_err(err)?;
    help.set_column_width(1, 90.0).map_err(err)?;
    let kinds: Vec<&str> = UnitKind::ALL.iter().map(|k| k.label_zh()).collect();
    let lines = [
        ("单位类别", kinds.join("、")),
        ("办公室级别", "省级、市级、县级（仅办公室填写）".to_string()),
        ("角色", "信息员、分管领导、主要领导、编辑、审签领导(科长/副秘书长/秘书长)、阅读领导、管理员；多个角色用顿号分隔".to_string()),
        ("上级单位", "填写上级单位全称，可以是系统中已有的单位或本表中的单位".to_string()),
        ("用户名", "3–32 位小写字母、数字或 . _ -，以字母开头；导入后生成初始密码，首次登录须修改".to_string()),
    ];
    for (r, (k, v)) in lines.iter().enumerate() {
        let row = u32::try_from(r).unwrap_or(0);
        help.write_string_with_format(row, 0, *k, &bold)
            .map_err(err)?;
        help.write_string(row, 1, v).map_err(err)?;
    }
    wb.save_to_buffer().map_err(err)
}

/// The roster template as CSV (UTF-8 with BOM so Excel and WPS open it correctly).
pub fn template_csv() -> Result<Vec<u8>> {
    let mut out = crate::export::CsvExport::new();
    let head: Vec<&str> = Column::ALL.iter().map(|c| c.header_zh()).collect();
    out.row(&head)?;
    for row in example_rows() {
        out.row(&row)?;
    }
    out.finish()
}
