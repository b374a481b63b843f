//! What a plan's owner is told when their plan is decided.

use latih_kernel::{Clock, Msg};
use latih_notify::{Notice, NoticeKind};
use sea_orm::{ConnectionTrait, DbErr};

use crate::events::DevelopmentPlanDecided;
use crate::model::PlanStatus;

/// In the decision's transaction: the event and the owner's notice. A plan can be decided more
/// than once (rejected, reworked, approved), so each decision's notice is keyed by its event.
pub async fn decided(db: &impl ConnectionTrait, clock: &Clock, event: &DevelopmentPlanDecided) -> Result<(), DbErr> {
    let event_id = latih_jobs::publish(db, clock, event).await?;
    let year = event.year;
    let (title, body) = if event.decision == PlanStatus::Approved.as_str() {
        (
            Msg::new(format!("Rencana pengembangan {year} disetujui"), format!("Development plan {year} approved")),
            Msg::new(
                format!("Rencana pengembangan Anda untuk tahun {year} telah disetujui."),
                format!("Your development plan for {year} has been approved."),
            ),
        )
    } else {
        let reason = event.reason.as_deref().unwrap_or_default();
        (
            Msg::new(format!("Rencana pengembangan {year} dikembalikan"), format!("Development plan {year} returned")),
            Msg::new(
                format!("Rencana pengembangan Anda untuk tahun {year} perlu diperbaiki: {reason}"),
                format!("Your development plan for {year} needs changes: {reason}"),
            ),
        )
    };
    let notice = Notice {
        kind: NoticeKind::DevelopmentPlanDecided,
        organization_id: Some(event.organization_id),
        key: format!("development_plan:{}:decided:{event_id}", event.plan_id),
        title,
        body,
        link: Some(format!("/users/{}/development-plans?year={year}", event.user_id)),
        actor_id: Some(event.decided_by),
    };
    latih_notify::send(db, clock, &[event.user_id], &notice).await
}
