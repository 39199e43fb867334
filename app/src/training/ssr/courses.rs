//! The candidate's side: the course list, the one registration with its invitation code by SMS, and the
//! live course that the code opens on the session date only.
use rand::Rng;

use crate::accounts::ssr::users::UserRow;
use crate::error::AppError;
use crate::platform::AppState;
use crate::training::rules::{region_covers, today_text};
use crate::training::ssr::sessions::{self, home_region, SessionRow};
use crate::training::types::{LiveCourse, MyCourse, TrainingOverview};

fn today(state: &AppState) -> String {
    today_text(state.now_ms())
}

/// Every coming session, the candidate's region (name) and their registration.
pub async fn overview(state: &AppState, user: &UserRow) -> Result<TrainingOverview, AppError> {
    let region = home_region(state, user.id).await?;
    let my_region = match &region {
        Some(code) => crate::applications::ssr::reference::region_path(state, code).await?.or(Some(code.clone())),
        None => None,
    };
    let sessions = sessions::coming(state, &today(state)).await?.into_iter().map(SessionRow::view).collect();
    Ok(TrainingOverview { my_region, sessions, mine: my_course(state, user).await? })
}

#[derive(sqlx::FromRow)]
struct Registration {
    session_id: i64,
    invitation_code: String,
    code_failures: i64,
    created_ms: i64,
}

async fn registration(state: &AppState, user_id: i64) -> Result<Option<Registration>, AppError> {
    Ok(sqlx::query_as(
        "SELECT session_id, invitation_code, code_failures, created_ms FROM training_registrations WHERE user_id = $1",
    )
    .bind(user_id)
    .fetch_optional(&state.db)
    .await?)
}

/// 我的课程: the registration with whether its date is to come, today or past.
pub async fn my_course(state: &AppState, user: &UserRow) -> Result<Option<MyCourse>, AppError> {
    let Some(reg) = registration(state, user.id).await? else { return Ok(None) };
    let session = sessions::by_id(state, reg.session_id).await?;
    let today = today(state);
    let when = match session.session_date.as_str().cmp(today.as_str()) {
        std::cmp::Ordering::Greater => "upcoming",
        std::cmp::Ordering::Equal => "today",
        std::cmp::Ordering::Less => "ended",
    };
    Ok(Some(MyCourse {
        session: session.view(),
        when: when.into(),
        locked: reg.code_failures >= state.settings.training.code_attempts,
        registered_ms: reg.created_ms,
    }))
}

/// 立即报名: verified candidates, one session of their own region, on or before its date, once.
pub async fn register(state: &AppState, user: &UserRow, session_id: i64) -> Result<MyCourse, AppError> {
    if crate::identity::ssr::verified_face_key(state, user.id).await?.is_none() {
        return Err(AppError::identity_first("报名培训", "registering"));
    }
    let session = sessions::by_id(state, session_id).await?;
    if session.session_date < today(state) {
        return Err(AppError::refused("该场次培训已结束，请选择其他日期", "This session is over: choose another date"));
    }
    let own_region = home_region(state, user.id).await?;
    if !own_region.as_deref().is_some_and(|code| region_covers(&session.region_code, code)) {
        return Err(AppError::refused(
            "所属地不一致，请报名本人所属地区的课程。如所属地有误，请联系客服查看专家评标地区",
            "This course is for another region (所属地不一致). If your region is wrong, ask support to check it",
        ));
    }
    let code = format!("{:06}", rand::thread_rng().gen_range(0..1_000_000));
    // The unique user_id decides a double click or a second tab: one registration only.
    let inserted = sqlx::query(
        "INSERT INTO training_registrations (session_id, user_id, invitation_code, created_ms) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (user_id) DO NOTHING",
    )
    .bind(session.id)
    .bind(user.id)
    .bind(&code)
    .bind(state.now_ms())
    .execute(&state.db)
    .await?;
    if inserted.rows_affected() == 0 {
        return Err(AppError::refused(
            "您已报名培训课程（只能报名一次），请在“我的课程”中查看",
            "You have registered for a course already (once only): see My courses",
        ));
    }
    let body = format!(
        "【专家服务平台】您已报名“{}”（{}），直播邀请码：{code}。请在报名日期登录“我的课程”观看。",
        session.title, session.session_date
    );
    state.sms.send(&user.phone, &body, state.now_ms()).await?;
    my_course(state, user).await?.ok_or_else(|| AppError::internal("registration vanished"))
}

/// 进入直播: the registered candidate's code on the session date opens the stream. Before the date the
/// answer is 授权失败 whatever the code (and no try is counted); a wrong code on the date is counted, and
/// after [5] the course locks. A wrong code says only that it is wrong.
pub async fn watch(state: &AppState, user: &UserRow, session_id: i64, code: &str) -> Result<LiveCourse, AppError> {
    let reg = registration(state, user.id).await?.filter(|r| r.session_id == session_id).ok_or_else(|| {
        AppError::refused("您未报名该课程，请先报名", "You are not registered for this course: register first")
    })?;
    let session = sessions::by_id(state, session_id).await?;
    let today = today(state);
    if session.session_date > today {
        return Err(AppError::refused(
            "授权失败，请在报名日期观看",
            "Not authorized: watch on the date you registered for",
        ));
    }
    if session.session_date < today {
        return Err(AppError::refused("该场次直播已结束", "This live course is over"));
    }
    let limit = state.settings.training.code_attempts;
    // The try is counted before the code is compared, in one conditional statement, so a burst of
    // guesses gets at most [5] compared; a right code gives its count back.
    let reserved: Option<(i64,)> = sqlx::query_as(
        "UPDATE training_registrations SET code_failures = code_failures + 1 \
         WHERE user_id = $1 AND code_failures < $2 RETURNING code_failures",
    )
    .bind(user.id)
    .bind(limit)
    .fetch_optional(&state.db)
    .await?;
    let Some((failures,)) = reserved else { return Err(locked()) };
    if code.trim() != reg.invitation_code {
        let left = limit - failures;
        if left <= 0 {
            return Err(locked());
        }
        return Err(AppError::invalid(
            "code",
            &format!("邀请码不正确，请核对短信后重试（还可尝试{left}次）"),
            &format!("The invitation code is wrong: check the SMS and try again ({left} tries left)"),
        ));
    }
    sqlx::query("UPDATE training_registrations SET code_failures = code_failures - 1 WHERE user_id = $1")
        .bind(user.id)
        .execute(&state.db)
        .await?;
    sqlx::query("UPDATE training_registrations SET watched_ms = COALESCE(watched_ms, $1) WHERE user_id = $2")
        .bind(state.now_ms())
        .bind(user.id)
        .execute(&state.db)
        .await?;
    Ok(LiveCourse { title: session.title, stream_url: session.stream_url })
}

fn locked() -> AppError {
    AppError::refused(
        "邀请码错误次数过多，课程已锁定，请联系客服",
        "Too many wrong codes: the course is locked. Contact support",
    )
}
