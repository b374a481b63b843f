//! What a learner is told about an assigned course: the assignment, the deadline coming, and
//! the deadline passed. Each is a domain event and a notice, keyed so it happens once.

use chrono::NaiveDate;
use latih_kernel::{Clock, Msg};
use latih_notify::{Notice, NoticeKind};
use sea_orm::{ConnectionTrait, DbErr};
use uuid::Uuid;

use crate::events::{EnrollmentAssigned, EnrollmentDueSoon, EnrollmentOverdue};

fn course_link(course_id: Uuid) -> Option<String> {
    Some(format!("/courses/{course_id}"))
}

/// In the assignment's transaction: the event and the learner's notice.
pub async fn assigned(db: &impl ConnectionTrait, clock: &Clock, event: &EnrollmentAssigned) -> Result<(), DbErr> {
    latih_jobs::publish(db, clock, event).await?;
    let title = &event.course_title;
    let body = match event.due_on {
        Some(due) => Msg::new(
            format!("Anda ditugaskan mengikuti \"{title}\" dengan tenggat {due}."),
            format!("You have been assigned \"{title}\", due on {due}."),
        ),
        None => {
            Msg::new(format!("Anda ditugaskan mengikuti \"{title}\"."), format!("You have been assigned \"{title}\"."))
        }
    };
    let notice = Notice {
        kind: NoticeKind::EnrollmentAssigned,
        organization_id: event.organization_id,
        key: format!("enrollment:{}:assigned", event.enrollment_id),
        title: Msg::new(format!("Kursus ditugaskan: {title}"), format!("Course assigned: {title}")),
        body,
        link: course_link(event.course_id),
        actor_id: Some(event.assigned_by),
    };
    latih_notify::send(db, clock, &[event.user_id], &notice).await
}

/// The reminder `days_left` days before the deadline (7 or 1).
pub async fn due_soon(db: &impl ConnectionTrait, clock: &Clock, event: &EnrollmentDueSoon) -> Result<(), DbErr> {
    latih_jobs::publish(db, clock, event).await?;
    let (title, due, days) = (&event.course_title, event.due_on, event.days_left);
    let (title_id, title_en) = if days == 1 {
        (format!("Tenggat besok: {title}"), format!("Due tomorrow: {title}"))
    } else {
        (format!("Tenggat {days} hari lagi: {title}"), format!("Due in {days} days: {title}"))
    };
    let notice = Notice {
        kind: NoticeKind::EnrollmentDueSoon,
        organization_id: event.organization_id,
        key: format!("enrollment:{}:due_soon:{days}d", event.enrollment_id),
        title: Msg::new(title_id, title_en),
        body: Msg::new(
            format!("Selesaikan \"{title}\" paling lambat {due}."),
            format!("Complete \"{title}\" by {due}."),
        ),
        link: course_link(event.course_id),
        actor_id: None,
    };
    latih_notify::send(db, clock, &[event.user_id], &notice).await
}

/// The reminder the day after a missed deadline.
pub async fn overdue(db: &impl ConnectionTrait, clock: &Clock, event: &EnrollmentOverdue) -> Result<(), DbErr> {
    latih_jobs::publish(db, clock, event).await?;
    let (title, due): (&str, NaiveDate) = (&event.course_title, event.due_on);
    let notice = Notice {
        kind: NoticeKind::EnrollmentOverdue,
        organization_id: event.organization_id,
        key: format!("enrollment:{}:overdue", event.enrollment_id),
        title: Msg::new(format!("Melewati tenggat: {title}"), format!("Overdue: {title}")),
        body: Msg::new(
            format!("Tenggat \"{title}\" adalah {due}. Selesaikan secepatnya."),
            format!("\"{title}\" was due on {due}. Please complete it soon."),
        ),
        link: course_link(event.course_id),
        actor_id: None,
    };
    latih_notify::send(db, clock, &[event.user_id], &notice).await
}
