//! What a domain crate hands notify: a [`Notice`] of one [`NoticeKind`] for some people, sent
//! with [`send`] inside the transaction of the change that caused it.

use std::collections::{HashMap, HashSet};

use latih_identity::entity::user;
use latih_kernel::ids::new_id;
use latih_kernel::{Clock, Msg};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect, Set};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::entity::{email_outbox, notification};
use crate::mail::EmailJob;
use crate::service::preferences::{self, EmailWhen};

/// The notification kinds: API.md's event list, plus the forums' own moderation and Q&A
/// events. The wire and stored names are the `as_str` names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
pub enum NoticeKind {
    #[serde(rename = "enrollment.assigned")]
    EnrollmentAssigned,
    #[serde(rename = "enrollment.due_soon")]
    EnrollmentDueSoon,
    #[serde(rename = "enrollment.overdue")]
    EnrollmentOverdue,
    #[serde(rename = "course.completed")]
    CourseCompleted,
    #[serde(rename = "certificate.issued")]
    CertificateIssued,
    #[serde(rename = "jp_claim.decided")]
    JpClaimDecided,
    #[serde(rename = "development_plan.decided")]
    DevelopmentPlanDecided,
    #[serde(rename = "follow_up.due")]
    FollowUpDue,
    #[serde(rename = "forum.reply")]
    ForumReply,
    /// A question asked in a course forum, to its staff.
    #[serde(rename = "forum.question")]
    ForumQuestion,
    /// An answer accepted, to the thread's and the answer's authors.
    #[serde(rename = "forum.answer_accepted")]
    ForumAnswerAccepted,
    /// A post reported, to the course staff.
    #[serde(rename = "forum.post_reported")]
    ForumPostReported,
    #[serde(rename = "mentoring.message")]
    MentoringMessage,
    #[serde(rename = "jp.at_risk")]
    JpAtRisk,
    /// The monthly summary for organization admins.
    #[serde(rename = "report.monthly_summary")]
    MonthlySummary,
}

impl NoticeKind {
    /// Every kind, in the order preferences list them.
    pub const ALL: [NoticeKind; 15] = [
        Self::EnrollmentAssigned,
        Self::EnrollmentDueSoon,
        Self::EnrollmentOverdue,
        Self::CourseCompleted,
        Self::CertificateIssued,
        Self::JpClaimDecided,
        Self::DevelopmentPlanDecided,
        Self::FollowUpDue,
        Self::ForumReply,
        Self::ForumQuestion,
        Self::ForumAnswerAccepted,
        Self::ForumPostReported,
        Self::MentoringMessage,
        Self::JpAtRisk,
        Self::MonthlySummary,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::EnrollmentAssigned => "enrollment.assigned",
            Self::EnrollmentDueSoon => "enrollment.due_soon",
            Self::EnrollmentOverdue => "enrollment.overdue",
            Self::CourseCompleted => "course.completed",
            Self::CertificateIssued => "certificate.issued",
            Self::JpClaimDecided => "jp_claim.decided",
            Self::DevelopmentPlanDecided => "development_plan.decided",
            Self::FollowUpDue => "follow_up.due",
            Self::ForumReply => "forum.reply",
            Self::ForumQuestion => "forum.question",
            Self::ForumAnswerAccepted => "forum.answer_accepted",
            Self::ForumPostReported => "forum.post_reported",
            Self::MentoringMessage => "mentoring.message",
            Self::JpAtRisk => "jp.at_risk",
            Self::MonthlySummary => "report.monthly_summary",
        }
    }

    /// The kind stored as `name`, if it is one.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == name)
    }

    /// Assignments and their deadlines always reach the person: in the app, and by e-mail
    /// when they have an address, whatever their preferences say.
    pub fn is_mandatory(self) -> bool {
        matches!(self, Self::EnrollmentAssigned | Self::EnrollmentDueSoon | Self::EnrollmentOverdue)
    }
}

/// One thing that happened, for some people.
#[derive(Clone, Debug)]
pub struct Notice {
    pub kind: NoticeKind,
    pub organization_id: Option<Uuid>,
    /// Idempotency: at most one notification per (recipient, key), e.g.
    /// "enrollment:<id>:due_soon:7d".
    pub key: String,
    /// Indonesian and English text, already filled in (course title etc.).
    pub title: Msg,
    pub body: Msg,
    /// Where the frontend should lead, an API-style path e.g. "/courses/<id>"; None if nowhere.
    pub link: Option<String>,
    /// Who caused it; never notified of their own action.
    pub actor_id: Option<Uuid>,
}

/// In the caller's transaction: one in-app notification per recipient (unique (user_id, key);
/// a repeat is a no-op), and for recipients whose preferences want e-mail now, an outbox row
/// and a `notify.email` job (dedup key = outbox id). People on a digest get theirs later. The
/// actor is left out. Costs a fixed number of statements however many recipients.
pub async fn send(db: &impl ConnectionTrait, clock: &Clock, recipients: &[Uuid], notice: &Notice) -> Result<(), DbErr> {
    let mut seen = HashSet::new();
    let people: Vec<Uuid> =
        recipients.iter().copied().filter(|user| Some(*user) != notice.actor_id && seen.insert(*user)).collect();
    if people.is_empty() {
        return Ok(());
    }
    let prefs = preferences::load_many(db, &people).await?;
    let now = clock.now();
    let mut planned: HashMap<Uuid, (Uuid, EmailWhen)> = HashMap::new();
    let mut rows = Vec::new();
    for user_id in &people {
        let delivery = prefs.get(user_id).map(|p| p.delivery(notice.kind)).unwrap_or_default();
        if !delivery.in_app && delivery.email == EmailWhen::Never {
            continue;
        }
        let id = new_id();
        planned.insert(id, (*user_id, delivery.email));
        rows.push(notification::ActiveModel {
            id: Set(id),
            user_id: Set(*user_id),
            event: Set(notice.kind.as_str().to_owned()),
            title: Set(notice.title.id.to_string()),
            title_en: Set(Some(notice.title.en.to_string())),
            body: Set(notice.body.id.to_string()),
            body_en: Set(Some(notice.body.en.to_string())),
            link: Set(notice.link.clone()),
            dedup_key: Set(Some(notice.key.clone())),
            organization_id: Set(notice.organization_id),
            email_status: Set(match delivery.email {
                EmailWhen::Never => None,
                EmailWhen::Now => Some("outbox".to_owned()),
                EmailWhen::Digest => Some("digest".to_owned()),
            }),
            in_app: Set(delivery.in_app),
            thread_id: Set(None),
            post_id: Set(None),
            actor_id: Set(notice.actor_id),
            read_at: Set(None),
            created_at: Set(now),
        });
    }
    if rows.is_empty() {
        return Ok(());
    }
    notification::Entity::insert_many(rows)
        .on_conflict(
            OnConflict::columns([notification::Column::UserId, notification::Column::DedupKey]).do_nothing().to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    let mail_now: Vec<Uuid> =
        planned.iter().filter(|(_, (_, when))| *when == EmailWhen::Now).map(|(id, _)| *id).collect();
    if mail_now.is_empty() {
        return Ok(());
    }
    // Only the rows this call wrote (a repeat of the key wrote none) get an e-mail.
    let written: Vec<Uuid> = notification::Entity::find()
        .select_only()
        .column(notification::Column::Id)
        .filter(notification::Column::Id.is_in(mail_now))
        .into_tuple()
        .all(db)
        .await?;
    if written.is_empty() {
        return Ok(());
    }
    let addressees: Vec<Uuid> = written.iter().filter_map(|id| planned.get(id).map(|(user, _)| *user)).collect();
    let users: HashMap<Uuid, user::Model> = user::Entity::find()
        .filter(user::Column::Id.is_in(addressees))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let mut outbox = Vec::new();
    let mut jobs = Vec::new();
    for notification_id in written {
        let Some((user_id, _)) = planned.get(&notification_id) else { continue };
        let Some(person) = users.get(user_id).filter(|u| u.is_active && !u.email.is_empty()) else { continue };
        let id = new_id();
        outbox.push(email_outbox::ActiveModel {
            id: Set(id),
            user_id: Set(*user_id),
            notification_id: Set(Some(notification_id)),
            dedup_key: Set(format!("notification:{notification_id}")),
            event: Set(notice.kind.as_str().to_owned()),
            to_address: Set(person.email.clone()),
            language: Set(person.language.clone().unwrap_or_else(|| "id".to_owned())),
            subject: Set(None),
            text_body: Set(None),
            html_body: Set(None),
            message_id: Set(notification_id.to_string()),
            status: Set("queued".to_owned()),
            attempts: Set(0),
            last_error: Set(None),
            created_at: Set(now),
            sent_at: Set(None),
        });
        jobs.push(EmailJob { outbox_id: id, organization_id: person.organization_id });
    }
    if outbox.is_empty() {
        return Ok(());
    }
    email_outbox::Entity::insert_many(outbox)
        .on_conflict(OnConflict::column(email_outbox::Column::DedupKey).do_nothing().to_owned())
        .exec_without_returning(db)
        .await?;
    for job in &jobs {
        latih_jobs::enqueue(db, clock, job).await?;
    }
    Ok(())
}
