//! What a grant opens (issue 21, seed 003 方式三 "企业信息 → 培训列表 → 查看结果"): the organization's
//! admin, and a person it authorized as 培训管理员, see the exam results and certificates of everyone the
//! organization authorized (its staff). Anyone else is refused, and a revoked grant opens nothing.
use crate::accounts::ssr::users::UserRow;
use crate::error::AppError;
use crate::exams::types::Certificate;
use crate::orgs::types::STAFF_RESULTS_ROLE;
use crate::platform::AppState;

/// Whether `user` may see the organization's staff results: its admin, or a holder of the role.
async fn may_see_staff_results(state: &AppState, user: &UserRow, org_id: i64) -> Result<bool, AppError> {
    let (allowed,): (i64,) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM organizations WHERE id = $1 AND admin_user_id = $2) + \
         (SELECT COUNT(*) FROM organization_grants WHERE org_id = $1 AND user_id = $2 AND role = $3)",
    )
    .bind(org_id)
    .bind(user.id)
    .bind(STAFF_RESULTS_ROLE)
    .fetch_one(&state.db)
    .await?;
    Ok(allowed > 0)
}

/// The certificates of the organization's staff, for its admin and its 培训管理员.
pub async fn staff_certificates(state: &AppState, user: &UserRow, org_id: i64) -> Result<Vec<Certificate>, AppError> {
    if !may_see_staff_results(state, user, org_id).await? {
        return Err(AppError::Forbidden);
    }
    crate::exams::ssr::certificates::of_org_staff(state, org_id).await
}
