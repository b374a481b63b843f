//! `notify.email`: hands one outbox row to the SMTP server. Skips rows already settled, renders
//! the content once and keeps it, sends under the row's fixed Message-ID (a retry after a lost
//! acknowledgement is recognisable as the same message), and marks the row: `sent`; `failed`
//! when the server refuses it for good (5xx: no endless retries); on a 4xx or a connection
//! failure the job fails and the queue retries it with backoff.

use std::time::Duration;

use latih_jobs::{Job, JobContext};
use latih_kernel::Lang;
use lettre::Message;
use lettre::message::header::{Header, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::mailer::{Mailer, SendError};
use super::templates::{self, Item, Rendered};
use super::token::UnsubscribeToken;
use crate::entity::{email_outbox, notification};
use crate::notice::NoticeKind;

#[derive(Debug, Serialize, Deserialize)]
pub struct EmailJob {
    pub outbox_id: Uuid,
    /// Whose admins see the job in their queue.
    #[serde(default)]
    pub organization_id: Option<Uuid>,
}

/// `List-Unsubscribe: <https://...>` (RFC 2369).
#[derive(Clone)]
struct ListUnsubscribe(String);

impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }

    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self(s.to_owned()))
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}

/// `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058).
#[derive(Clone)]
struct ListUnsubscribePost;

impl Header for ListUnsubscribePost {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }

    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self)
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "List-Unsubscribe=One-Click".to_owned())
    }
}

pub(crate) fn lang_of(code: &str) -> Lang {
    if code == "en" { Lang::En } else { Lang::Id }
}

/// What a row's unsubscribe link turns off: its event, `digest`, or nothing for the e-mails
/// that always go out.
pub(crate) fn unsubscribable(event: &str) -> Option<&str> {
    if event == "digest" {
        return Some(event);
    }
    NoticeKind::parse(event).filter(|kind| !kind.is_mandatory()).map(|_| event)
}

async fn set_status(ctx: &JobContext, id: Uuid, status: &str, error: Option<String>) -> anyhow::Result<()> {
    let mut update = email_outbox::Entity::update_many()
        .col_expr(email_outbox::Column::Status, Expr::value(status))
        .col_expr(email_outbox::Column::LastError, Expr::value(error))
        .filter(email_outbox::Column::Id.eq(id))
        .filter(email_outbox::Column::Status.eq("queued"));
    if status == "sent" {
        update = update.col_expr(email_outbox::Column::SentAt, Expr::value(Some(ctx.clock.now())));
    }
    update.exec(&ctx.db).await?;
    Ok(())
}

/// A notification's own e-mail, from the notification as stored.
async fn render(ctx: &JobContext, mailer: &Mailer, row: &email_outbox::Model) -> anyhow::Result<Option<Rendered>> {
    let Some(id) = row.notification_id else {
        return Ok(None);
    };
    let Some(found) = notification::Entity::find_by_id(id).one(&ctx.db).await? else {
        return Ok(None);
    };
    let lang = lang_of(&row.language);
    let (title, body) = match lang {
        Lang::Id => (found.title.as_str(), found.body.as_str()),
        Lang::En => {
            (found.title_en.as_deref().unwrap_or(&found.title), found.body_en.as_deref().unwrap_or(&found.body))
        }
    };
    let unsubscribe = unsubscribable(&row.event).map(|event| {
        templates::unsubscribe_url(mailer, &UnsubscribeToken { user_id: row.user_id, event: event.to_owned() })
    });
    let item = Item { title, body, link: found.link.as_deref() };
    Ok(Some(templates::single(mailer, lang, &item, unsubscribe.as_deref())))
}

fn build(mailer: &Mailer, row: &email_outbox::Model, content: &Rendered) -> Result<Message, String> {
    let to: Mailbox = row.to_address.parse().map_err(|e| format!("recipient address: {e}"))?;
    let mut builder = Message::builder()
        .from(mailer.from.clone())
        .to(to)
        .subject(content.subject.clone())
        .message_id(Some(mailer.message_id(&row.message_id)));
    if let Some(event) = unsubscribable(&row.event) {
        let url =
            templates::unsubscribe_url(mailer, &UnsubscribeToken { user_id: row.user_id, event: event.to_owned() });
        builder = builder.header(ListUnsubscribe(format!("<{url}>"))).header(ListUnsubscribePost);
    }
    builder
        .multipart(MultiPart::alternative_plain_html(content.text.clone(), content.html.clone()))
        .map_err(|e| format!("message: {e}"))
}

#[async_trait::async_trait]
impl Job for EmailJob {
    const KIND: &'static str = crate::EMAIL_JOB_KIND;
    const MAX_ATTEMPTS: i32 = 10;
    const TIMEOUT: Duration = Duration::from_secs(60);

    fn dedup_key(&self) -> Option<String> {
        Some(format!("email:{}", self.outbox_id))
    }

    fn organization_id(&self) -> Option<Uuid> {
        self.organization_id
    }

    #[tracing::instrument(skip_all, fields(outbox.id = %self.outbox_id))]
    async fn run(self, ctx: &JobContext) -> anyhow::Result<()> {
        let Some(row) = email_outbox::Entity::find_by_id(self.outbox_id).one(&ctx.db).await? else {
            return Ok(());
        };
        if row.status != "queued" {
            return Ok(());
        }
        let mailer = ctx.services.get::<Mailer>()?;
        if !mailer.enabled() {
            tracing::info!(event = %row.event, "e-mail is not configured (LATIH_SMTP_URL); outbox row skipped");
            return set_status(ctx, row.id, "skipped", None).await;
        }
        let content = match (&row.subject, &row.text_body, &row.html_body) {
            (Some(subject), Some(text), Some(html)) => {
                Rendered { subject: subject.clone(), text: text.clone(), html: html.clone() }
            }
            _ => {
                let Some(rendered) = render(ctx, mailer, &row).await? else {
                    return set_status(ctx, row.id, "failed", Some("its notification is gone".to_owned())).await;
                };
                email_outbox::Entity::update_many()
                    .col_expr(email_outbox::Column::Subject, Expr::value(Some(rendered.subject.clone())))
                    .col_expr(email_outbox::Column::TextBody, Expr::value(Some(rendered.text.clone())))
                    .col_expr(email_outbox::Column::HtmlBody, Expr::value(Some(rendered.html.clone())))
                    .filter(email_outbox::Column::Id.eq(row.id))
                    .filter(email_outbox::Column::Subject.is_null())
                    .exec(&ctx.db)
                    .await?;
                rendered
            }
        };
        email_outbox::Entity::update_many()
            .col_expr(email_outbox::Column::Attempts, Expr::col(email_outbox::Column::Attempts).add(1))
            .filter(email_outbox::Column::Id.eq(row.id))
            .exec(&ctx.db)
            .await?;
        let message = match build(mailer, &row, &content) {
            Ok(message) => message,
            Err(error) => {
                tracing::warn!(%error, "an e-mail could not be built; marked failed");
                return set_status(ctx, row.id, "failed", Some(error)).await;
            }
        };
        match mailer.deliver(message).await {
            Ok(()) => set_status(ctx, row.id, "sent", None).await,
            Err(SendError::Permanent(error)) => {
                tracing::warn!(%error, "the SMTP server refused an e-mail for good; marked failed");
                set_status(ctx, row.id, "failed", Some(error)).await
            }
            Err(SendError::Transient(error)) => {
                if ctx.attempt >= Self::MAX_ATTEMPTS {
                    set_status(ctx, row.id, "failed", Some(error.clone())).await?;
                } else {
                    email_outbox::Entity::update_many()
                        .col_expr(email_outbox::Column::LastError, Expr::value(Some(error.clone())))
                        .filter(email_outbox::Column::Id.eq(row.id))
                        .exec(&ctx.db)
                        .await?;
                }
                Err(anyhow::anyhow!("SMTP try failed, will retry: {error}"))
            }
        }
    }
}
