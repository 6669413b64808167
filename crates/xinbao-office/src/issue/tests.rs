use super::*;
use std::io::Read;

pub(crate) fn sample(items: usize) -> IssueDoc {
    IssueDoc {
        periodical: "每日要情".into(),
        number: "2026年第12期（总第345期）".into(),
        office: "县委办公室".into(),
        date: "2026年11月22日".into(),
        secrecy: "内部资料　注意保存".into(),
        editor_note: "近期各地秋冬季安全生产形势总体平稳，现将有关情况摘编如下。".into(),
        entries: (0..items)
            .map(|i| Entry {
                item_id: i as i64 + 1,
                column: if i < 2 {
                    "工作动态"
                } else {
                    "基层信息"
                }
                .into(),
                headline: format!("城关镇多措并举推进秸秆禁烧（{}）", i + 1),
                paragraphs: vec![
                    "今年以来，城关镇坚持疏堵结合，全镇未发现火点。".repeat(6),
                    "一是压实责任。二是强化巡查。三是推进综合利用。".repeat(4),
                ],
                source: "城关镇".into(),
            })
            .collect(),
        dist_up: "市委办公室，市政府办公室".into(),
        dist_side: "县委、县人大、县政府、县政协领导".into(),
        dist_down: "各乡镇党委、政府，县直各单位".into(),
        copies: 60,
    }
}

fn part(docx: &[u8], name: &str) -> String {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("zip");
    let mut s = String::new();
    z.by_name(name)
        .expect("part")
        .read_to_string(&mut s)
        .expect("utf-8");
    s
}

#[test]
fn the_issue_is_an_a4_page_with_the_official_type_area() {
    let d = issue_docx(&sample(3)).expect("docx");
    let x = part(&d, "word/document.xml");
    assert!(x.contains(r#"w:w="11906""#) && x.contains(r#"w:h="16838""#));
    assert!(x.contains(r#"w:top="2098""#) && x.contains(r#"w:left="1587""#));
    assert!(x.contains(r#"w:linePitch="579""#));
}

#[test]
fn the_header_is_red_and_names_the_periodical_number_total_office_and_date() {
    let x = part(&issue_docx(&sample(1)).expect("docx"), "word/document.xml");
    for text in [
        "每日要情",
        "第12期（总第345期）",
        "县委办公室",
        "2026年11月22日",
        "内部资料",
    ] {
        assert!(x.contains(text), "{text}");
    }
    assert!(x.contains(r#"<w:color w:val="FF0000" />"#));
    assert!(x.contains(r#"w:color="FF0000""#), "the red rule");
    let name = x.find("每日要情").expect("name");
    let headline = x.find("城关镇多措并举").expect("headline");
    assert!(name < headline);
}

#[test]
fn the_distribution_block_has_thick_outer_and_thin_inner_rules_and_the_copies() {
    let x = part(&issue_docx(&sample(2)).expect("docx"), "word/document.xml");
    for text in [
        "报：市委办公室",
        "送：县委",
        "发：各乡镇",
        "（共印60份）",
        "印发",
    ] {
        assert!(x.contains(text), "{text}");
    }
    assert!(x.contains(r#"<w:top w:val="single" w:sz="8""#));
    assert!(x.contains(r#"<w:bottom w:val="single" w:sz="8""#));
    assert!(x.contains(r#"<w:insideH w:val="single" w:sz="6""#));
    assert!(x.contains(r#"w:tblpYSpec="bottom""#));
}

#[test]
fn empty_distribution_lines_are_left_out() {
    let mut doc = sample(1);
    doc.dist_side.clear();
    let x = part(&issue_docx(&doc).expect("docx"), "word/document.xml");
    assert!(!x.contains("送："));
    assert!(x.contains("报："));
}

#[test]
fn fonts_are_named_as_offices_have_them_with_fallbacks() {
    let d = issue_docx(&sample(1)).expect("docx");
    let x = part(&d, "word/document.xml");
    assert!(x.contains(r#"w:eastAsia="方正小标宋简体""#));
    assert!(x.contains(r#"w:eastAsia="仿宋_GB2312""#));
    let fonts = part(&d, "word/fontTable.xml");
    assert!(fonts.contains(r#"<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"#));
    assert!(fonts.contains(r#"<w:charset w:val="86"/>"#));
}

#[test]
fn a_column_heading_is_printed_where_the_column_changes() {
    let x = part(&issue_docx(&sample(4)).expect("docx"), "word/document.xml");
    assert_eq!(x.matches("【工作动态】").count(), 1);
    assert_eq!(x.matches("【基层信息】").count(), 1);
}
