//! Demo accounts for a new database (listed in the README). Their ID numbers are old 15-digit numbers
//! run through the same 15→18 conversion as user input, so their check characters are right by
//! construction.
use crate::accounts::forms::today_in_china;
use crate::error::AppError;
use crate::platform::AppState;
use crate::rules::{normalize_id_number, username_key};

pub struct DemoAccount {
    pub username: &'static str,
    pub password: &'static str,
    pub real_name: &'static str,
    pub old_id_number: &'static str,
    pub phone: &'static str,
    pub role: &'static str,
}

pub const DEMO_ACCOUNTS: &[DemoAccount] = &[
    DemoAccount {
        username: "demo_candidate",
        password: "Candidate#2026",
        real_name: "张三",
        old_id_number: "110105800101123",
        phone: "13800000001",
        role: "candidate",
    },
    DemoAccount {
        username: "demo_support",
        password: "Support#2026",
        real_name: "李客服",
        old_id_number: "110105820202234",
        phone: "13800000002",
        role: "support",
    },
    DemoAccount {
        username: "demo_admin",
        password: "Admin#2026x",
        real_name: "王管理",
        old_id_number: "110105750303345",
        phone: "13800000003",
        role: "system_admin",
    },
    DemoAccount {
        username: "demo_examiner",
        password: "Examiner#2026",
        real_name: "赵考务",
        old_id_number: "110105780404456",
        phone: "13800000004",
        role: "exam_admin",
    },
    // One application reviewer per stage (行业部门预审, 市州审核, 省级行业审核, 省级终审).
    DemoAccount {
        username: "demo_reviewer1",
        password: "Reviewer#2026",
        real_name: "钱预审",
        old_id_number: "430102760505567",
        phone: "13800000011",
        role: "reviewer",
    },
    DemoAccount {
        username: "demo_reviewer2",
        password: "Reviewer#2026",
        real_name: "孙市审",
        old_id_number: "430102770606678",
        phone: "13800000012",
        role: "reviewer",
    },
    DemoAccount {
        username: "demo_reviewer3",
        password: "Reviewer#2026",
        real_name: "周省审",
        old_id_number: "430102780707789",
        phone: "13800000013",
        role: "reviewer",
    },
    DemoAccount {
        username: "demo_reviewer4",
        password: "Reviewer#2026",
        real_name: "吴终审",
        old_id_number: "430102790808890",
        phone: "13800000014",
        role: "reviewer",
    },
];

/// Creates the demo accounts when there are no users at all; returns how many were created.
pub async fn seed_if_empty(state: &AppState) -> Result<usize, AppError> {
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM users").fetch_one(&state.db).await?;
    if count > 0 {
        return Ok(0);
    }
    let now = state.now_ms();
    for account in DEMO_ACCOUNTS {
        let id_number = normalize_id_number(account.old_id_number, today_in_china(now))
            .map_err(|e| AppError::internal(format!("demo ID number: {e:?}")))?;
        let hash = state.hasher.hash(account.password).await?;
        let mut tx = state.db.begin().await?;
        let (user_id,): (i64,) = sqlx::query_as(
            "INSERT INTO users (username, username_key, real_name, id_type, id_number, phone, password_hash, \
             password_changed_ms, created_ms) VALUES ($1, $2, $3, 'resident', $4, $5, $6, $7, $7) RETURNING id",
        )
        .bind(account.username)
        .bind(username_key(account.username))
        .bind(account.real_name)
        .bind(id_number)
        .bind(account.phone)
        .bind(hash)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query("INSERT INTO user_roles (user_id, role) VALUES ($1, $2)")
            .bind(user_id)
            .bind(account.role)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
    }
    crate::exams::ssr::demo::seed(state).await?;
    crate::applications::ssr::demo::seed(state).await?;
    crate::training::ssr::demo::seed(state).await?;
    crate::registration::ssr::demo::seed(state).await?;
    crate::notices::ssr::seed_demo(state).await?;
    crate::sso::ssr::providers::seed_builtin(state).await?;
    Ok(DEMO_ACCOUNTS.len())
}
