//! Training server functions: `/api/training/*` for signed-in candidates, `/api/admin/training/*` for
//! the operator and the exam office. Material uploads and downloads are raw routes (`training_routes.rs`).
use leptos::prelude::*;
use server_fn::codec::{GetUrl, Json};

use crate::error::AppError;
use crate::training::types::{LiveCourse, Material, MyCourse, SessionInput, TrainingOverview};

#[cfg(feature = "ssr")]
use crate::accounts::ssr::auth::{signed_in, staff_in};
#[cfg(feature = "ssr")]
use crate::training::ssr::{courses, materials, sessions};
#[cfg(feature = "ssr")]
use crate::training::types::TRAINING_ADMIN_ROLES;

/// Coming sessions, my region and my registration. Signed-in users.
#[server(prefix = "/api", endpoint = "training/overview", input = GetUrl)]
pub async fn load_training_overview() -> Result<TrainingOverview, AppError> {
    let (state, user) = signed_in().await?;
    courses::overview(&state, &user).await
}

/// 立即报名: one session of my own region, once; the invitation code comes by SMS. Verified users.
#[server(prefix = "/api", endpoint = "training/register", input = Json)]
pub async fn register_for_training(session_id: i64) -> Result<MyCourse, AppError> {
    let (state, user) = signed_in().await?;
    courses::register(&state, &user, session_id).await
}

/// 我的课程. Signed-in users (None: not registered).
#[server(prefix = "/api", endpoint = "training/mine", input = GetUrl)]
pub async fn my_training_course() -> Result<Option<MyCourse>, AppError> {
    let (state, user) = signed_in().await?;
    courses::my_course(&state, &user).await
}

/// The live course, for my invitation code on the session date (tries limited). Registered users.
#[server(prefix = "/api", endpoint = "training/watch", input = Json)]
pub async fn watch_course(session_id: i64, code: String) -> Result<LiveCourse, AppError> {
    let (state, user) = signed_in().await?;
    courses::watch(&state, &user, session_id, &code).await
}

/// 资料下载 on the portal: the public materials. Anyone.
#[server(prefix = "/api", endpoint = "downloads", input = GetUrl)]
pub async fn public_downloads() -> Result<Vec<Material>, AppError> {
    materials::public_list(&crate::platform::state()?).await
}

/// 资料下载: the materials list. Registered candidates and training staff.
#[server(prefix = "/api", endpoint = "training/materials", input = GetUrl)]
pub async fn training_materials() -> Result<Vec<Material>, AppError> {
    let (state, user) = signed_in().await?;
    materials::ensure_can_read(&state, &user).await?;
    materials::list(&state).await
}

/// A new session for a region and date. System and exam admins.
#[server(prefix = "/api", endpoint = "admin/training/create", input = Json)]
pub async fn create_training_session(input: SessionInput) -> Result<i64, AppError> {
    let (state, staff) = staff_in(TRAINING_ADMIN_ROLES).await?;
    sessions::create(&state, &staff, &input).await
}
