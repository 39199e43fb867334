//! Support's hand link of a pool record (the person card of the support look-up).
use leptos::prelude::*;

use crate::pool::api::link_pool_record;
use crate::support::pages::ReasonedFix;

/// 关联专家库记录: for a passport, officer-card or other-ID holder whose pool record the renewal can't
/// find by itself, by the ID number the old system holds.
#[component]
pub fn PoolLinkForm(user_id: i64) -> impl IntoView {
    view! {
        <ReasonedFix user_id=user_id title=("关联专家库记录", "Link a pool record") field="record_id_number"
            label=("专家库记录的证件号码", "ID number in the pool record") reason_label=("关联原因", "Reason for the link")
            done_text=("已关联专家库记录，该用户可以续聘", "Pool record linked: the person can renew") action=link_pool_record/>
    }
}
