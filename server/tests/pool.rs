//! The existing expert pool and the old → new specialty mapping (issue 19, seed 000), on both databases:
//! the catalog's 对应新专业 column, the pool CSV (all or nothing, errors by line), a renewal matched by
//! ID number and normalized name, step 3's mapping limited to the catalog, support's hand link and ID
//! number correction, each with its bad input.
mod common;

use app::accounts::forms::today_in_china;
use app::applications::ssr::{catalog, submit, wizard};
use app::applications::types::{SpecialtiesInput, SpecialtyChoice};
use app::error::AppError;
use app::pool::ssr::{import_pool, link_by_hand, parse_pool};
use app::rules::normalize_id_number;
use common::applications::{setup, user};
use common::TestDb;

fn texts(err: AppError) -> Vec<String> {
    match err {
        AppError::Invalid(fields) => fields.into_iter().map(|f| f.text.zh).collect(),
        other => panic!("not invalid input: {other:?}"),
    }
}

/// A valid 18-digit resident ID number: the 15-digit form `430102580101` + `seq`, converted.
fn id_number(seq: u32) -> String {
    normalize_id_number(&format!("430102580101{seq:03}"), (2026, 12, 1)).unwrap()
}

const HEADER: &str = "姓名,证件类型,证件号码,手机号,地区代码,专业代码,有效期至\n";

fn pool_line(name: &str, id: &str, phone: &str, specialties: &str) -> String {
    format!("{name},居民身份证,{id},{phone},430102,{specialties},2027-06-30\n")
}

async fn renewal_window(db: &TestDb) -> i64 {
    let (id,): (i64,) = sqlx::query_as("SELECT id FROM application_windows WHERE kind = 'renewal'")
        .fetch_one(&db.state.db)
        .await
        .unwrap();
    id
}

/// A verified account with this name and resident ID number.
async fn person(
    db: &TestDb,
    username: &str,
    real_name: &str,
    id: &str,
    phone: &str,
) -> app::accounts::ssr::users::UserRow {
    let row = common::insert_user(&db.state, username, id, phone).await;
    sqlx::query("UPDATE users SET real_name = $1 WHERE id = $2")
        .bind(real_name)
        .bind(row.id)
        .execute(&db.state.db)
        .await
        .unwrap();
    common::mark_verified(&db.state, row.id).await;
    user(db, username).await
}

async fn the_catalog_maps_old_specialties_only_to_level_three_ones(db: &TestDb) {
    setup(db).await;
    let state = &db.state;
    // The demo catalog maps L01 to C0101 and L02 to B0101, B0102.
    let count = |code: &'static str| async move {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM specialty_mappings WHERE legacy_code = $1")
            .bind(code)
            .fetch_one(&db.state.db)
            .await
            .unwrap();
        n
    };
    assert_eq!((count("L01").await, count("L02").await), (1, 2));
    let header = "代码,名称,上级代码,旧专业,对应新专业\n";
    let not_legacy = format!("{header}A0104,幕墙工程,A01,,A0101\n");
    assert_eq!(
        texts(catalog::import_catalog(state, not_legacy.as_bytes()).await.unwrap_err()),
        vec!["第2行：只有旧专业可以填写对应新专业"]
    );
    let to_level_two = format!("{header}L03,水利（旧）,,旧,A03\n");
    assert_eq!(
        texts(catalog::import_catalog(state, to_level_two.as_bytes()).await.unwrap_err()),
        vec!["第2行：对应新专业“A03”不是目录中的第三级专业"]
    );
    let unknown = format!("{header}L03,水利（旧）,,旧,A0301;Z9999\n");
    assert!(catalog::import_catalog(state, unknown.as_bytes()).await.is_err());
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM specialties WHERE code = 'L03'").fetch_one(&state.db).await.unwrap();
    assert_eq!(n, 0, "all or nothing: the refused file added no row");
    // A legacy row may name a specialty further down the file; its mapping is replaced.
    let good = format!("{header}L01,工程造价（旧）,,旧,C0101;C0102\nL03,水利（旧）,,旧,A0399\nA0399,水土保持,A03,\n");
    assert_eq!(catalog::import_catalog(state, good.as_bytes()).await.unwrap(), 3);
    assert_eq!((count("L01").await, count("L03").await), (2, 1));
}

async fn the_pool_import_is_all_or_nothing_with_errors_by_line(db: &TestDb) {
    setup(db).await;
    let state = &db.state;
    let admin = user(db, "demo_admin").await;
    let mut csv = HEADER.to_string();
    for (n, name) in (1..).zip(["专家甲", "专家乙", "专家丙", "专家丁", "专家戊"]) {
        csv += &pool_line(name, &id_number(n), &format!("1390000{:04}", 100 + n), "A0101;L01");
    }
    // Line 7: a resident ID number with a wrong check character.
    let mut bad = id_number(6);
    bad.replace_range(17.., if bad.ends_with('1') { "2" } else { "1" });
    csv += &pool_line("专家六号", &bad, "13900000106", "A0101");
    let err = import_pool(state, &admin, csv.as_bytes()).await.unwrap_err();
    let problems = texts(err);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with("第7行：证件号码"), "{problems:?}");
    assert_eq!(db.count("SELECT COUNT(*) FROM pool_records").await, 0, "nothing written");

    // Every kind of bad row at once, each with its line; the check against regions and catalog too.
    let today = today_in_china(state.now_ms());
    let mixed = format!(
        "{HEADER}{}{}张三,驾照,123,13900000201,430102,A0101,2027-06-30\n李四,居民身份证,{},1234,430102,A0101,2027-06-30\n{}",
        pool_line("王五", &id_number(7), "13900000202", "A0101"),
        pool_line("王五", &id_number(7), "13900000203", "A0101"),
        id_number(8),
        pool_line("赵六", &id_number(9), "13900000204", ""),
    );
    let lines: Vec<u64> = parse_pool(mixed.as_bytes(), today).unwrap_err().into_iter().map(|p| p.line).collect();
    assert_eq!(lines, vec![4, 5, 6], "bad type, bad phone, no specialty (the duplicate waits for good rows)");
    let duplicate = format!(
        "{HEADER}{}{}",
        pool_line("王五", &id_number(7), "13900000202", "A0101"),
        pool_line("王五", &id_number(7), "13900000203", "A0101")
    );
    let problems = parse_pool(duplicate.as_bytes(), today).unwrap_err();
    assert_eq!((problems[0].line, problems[0].text.zh.as_str()), (3, "证件号码与第2行重复"));
    let unknown = format!("{HEADER}{}", pool_line("王五", &id_number(7), "13900000202", "A0101;X01"));
    assert_eq!(
        texts(import_pool(state, &admin, unknown.as_bytes()).await.unwrap_err()),
        vec!["第2行：专业代码“X01”不在专业目录中"]
    );

    let good = format!("{HEADER}{}", csv.lines().skip(1).take(5).map(|l| format!("{l}\n")).collect::<String>());
    assert_eq!(import_pool(state, &admin, good.as_bytes()).await.unwrap(), 5);
    // Importing again updates by ID number.
    assert_eq!(import_pool(state, &admin, good.as_bytes()).await.unwrap(), 5);
    assert_eq!(db.count("SELECT COUNT(*) FROM pool_records").await, 5);
    assert_eq!(db.count("SELECT COUNT(*) FROM pool_record_specialties").await, 10);
    assert_eq!(db.count("SELECT COUNT(*) FROM audit_log WHERE action = 'pool_import'").await, 2);
}

async fn a_renewal_finds_its_record_and_maps_old_specialties_within_the_catalog(db: &TestDb) {
    setup(db).await;
    let state = &db.state;
    let admin = user(db, "demo_admin").await;
    let window = renewal_window(db).await;
    let csv = format!("{HEADER}{}", pool_line("张三", &id_number(11), "13900000301", "A0101;L01"));
    import_pool(state, &admin, csv.as_bytes()).await.unwrap();

    // Another name with the same number, and the right name with another number: not found.
    let stranger = person(db, "not_in_pool", "张三", &id_number(12), "13900000302").await;
    let err = wizard::start(state, &stranger, window).await.unwrap_err();
    assert_eq!(common::refused_zh(&err), "您可能不在综合专家库中，详情请咨询客服人员");
    // The registered name had a stray space ("张 三", from before names were normalized): still a match.
    let expert = person(db, "pool_expert", "张 三", &id_number(11), "13900000301").await;
    let id = wizard::start(state, &expert, window).await.unwrap();
    assert_eq!(db.count("SELECT COUNT(*) FROM experts").await, 1);
    // The old specialty waits for its mapping in step 3; the new one is carried over.
    let carried: Vec<(String,)> =
        sqlx::query_as("SELECT specialty_code FROM application_specialties WHERE application_id = $1")
            .bind(id)
            .fetch_all(&state.db)
            .await
            .unwrap();
    assert_eq!(carried, vec![("A0101".to_string(),)]);
    let held = catalog::legacy_held(state, expert.id).await.unwrap();
    assert_eq!(held.len(), 1);
    assert_eq!((held[0].code.as_str(), held[0].options.len()), ("L01", 1));
    assert_eq!(held[0].options[0], ("C0101".to_string(), "服务类 / 咨询服务 / 工程造价咨询".to_string()));

    let choose = |pairs: &[(&str, Option<&str>)]| SpecialtiesInput {
        specialties: pairs
            .iter()
            .map(|(c, l)| SpecialtyChoice { code: (*c).into(), legacy_code: l.map(String::from) })
            .collect(),
        description: String::new(),
    };
    let outside = choose(&[("A0101", None), ("B0101", Some("L01"))]);
    assert_eq!(
        texts(wizard::save_specialties(state, &expert, id, &outside).await.unwrap_err()),
        vec!["旧专业“工程造价（旧）”只能对应专业目录规定的新专业"]
    );
    let not_held = choose(&[("A0101", None), ("B0101", Some("L02"))]);
    assert_eq!(
        texts(wizard::save_specialties(state, &expert, id, &not_held).await.unwrap_err()),
        vec!["您在库中没有该旧专业"]
    );
    let twice = choose(&[("C0101", Some("L01")), ("C0102", Some("L01"))]);
    assert!(wizard::save_specialties(state, &expert, id, &twice).await.is_err());
    // Unmapped, the form can't be printed.
    wizard::save_specialties(state, &expert, id, &choose(&[("A0101", None)])).await.unwrap();
    let err = submit::print(state, &expert, id).await.unwrap_err();
    assert!(format!("{err:?}").contains("旧专业 L01 不能删除"), "{err:?}");
    wizard::save_specialties(state, &expert, id, &choose(&[("A0101", None), ("C0101", Some("L01"))])).await.unwrap();
    let mapped: Vec<(String, Option<String>)> = sqlx::query_as(
        "SELECT specialty_code, legacy_code FROM application_specialties WHERE application_id = $1 ORDER BY specialty_code",
    )
    .bind(id)
    .fetch_all(&state.db)
    .await
    .unwrap();
    assert_eq!(mapped, vec![("A0101".into(), None), ("C0101".into(), Some("L01".into()))]);
}

async fn support_links_by_hand_and_corrects_id_numbers_with_a_reason(db: &TestDb) {
    setup(db).await;
    let state = &db.state;
    let (admin, staff) = (user(db, "demo_admin").await, user(db, "demo_support").await);
    let csv = format!(
        "{HEADER}李娜,护照,E12345678,13900000401,430102,A0101,2027-06-30\n{}",
        pool_line("王芳", &id_number(21), "13900000402", "A0101")
    );
    import_pool(state, &admin, csv.as_bytes()).await.unwrap();
    let resident = person(db, "resident_holder", "王芳", &id_number(22), "13900000403").await;
    let err = link_by_hand(state, &staff, resident.id, &id_number(21), "核对").await.unwrap_err();
    assert!(common::refused_zh(&err).contains("自动匹配"));
    let holder = person(db, "passport_holder", "LI NA", &id_number(23), "13900000404").await;
    sqlx::query("UPDATE users SET id_type = 'passport', id_number = 'E99999999' WHERE id = $1")
        .bind(holder.id)
        .execute(&state.db)
        .await
        .unwrap();
    assert!(texts(link_by_hand(state, &staff, holder.id, "E12345678", " ").await.unwrap_err())[0].contains("原因"));
    assert!(texts(link_by_hand(state, &staff, holder.id, "E00000000", "护照换发").await.unwrap_err())[0]
        .contains("没有该证件号码"));
    link_by_hand(state, &staff, holder.id, "e12345678", "护照换发，核对旧护照复印件").await.unwrap();
    assert_eq!(db.count("SELECT COUNT(*) FROM experts").await, 1);
    assert_eq!(db.count("SELECT COUNT(*) FROM audit_log WHERE action = 'pool_link'").await, 1);
    let err = link_by_hand(state, &staff, holder.id, "E12345678", "再次").await.unwrap_err();
    assert!(texts(err)[0].contains("未关联记录"), "linked once");

    // ID number correction: the type's rule, a reason, unique, logged masked.
    use app::support::ssr::fix_id_number;
    let taken = id_number(21);
    let victim = person(db, "typo_holder", "赵敏", &id_number(24), "13900000405").await;
    assert!(!texts(fix_id_number(state, &staff, victim.id, "43010219580101", "登记错误").await.unwrap_err()).is_empty());
    assert!(texts(fix_id_number(state, &staff, victim.id, &id_number(25), "").await.unwrap_err())[0].contains("原因"));
    let other = person(db, "number_owner", "钱七", &taken, "13900000406").await;
    assert_eq!(
        texts(fix_id_number(state, &staff, victim.id, &other.id_number, "登记错误").await.unwrap_err()),
        vec!["该证件号码已被其他账号注册"]
    );
    fix_id_number(state, &staff, victim.id, &id_number(25), "身份证号码登记错误，核对原件").await.unwrap();
    assert_eq!(user(db, "typo_holder").await.id_number, id_number(25));
    let (detail,): (String,) = sqlx::query_as("SELECT detail FROM audit_log WHERE action = 'id_number_fix'")
        .fetch_one(&state.db)
        .await
        .unwrap();
    assert!(!detail.contains(&id_number(24)) && detail.contains("核对原件"), "{detail}");
}

on_both_databases!(
    the_catalog_maps_old_specialties_only_to_level_three_ones,
    the_pool_import_is_all_or_nothing_with_errors_by_line,
    a_renewal_finds_its_record_and_maps_old_specialties_within_the_catalog,
    support_links_by_hand_and_corrects_id_numbers_with_a_reason,
);
