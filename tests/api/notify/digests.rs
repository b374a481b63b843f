//! Digests: people on a daily digest get no single e-mails, then one e-mail at 07:00 in their
//! organization's time zone listing what waited, once.

use latih_tests::SmtpServer;

use super::pair;

#[actix_web::test]
async fn a_daily_digest_lists_what_waited_once() {
    let smtp = SmtpServer::start();
    let p = pair(&[("LATIH_SMTP_URL", &smtp.url())]).await;
    p.speaks(&p.mentee, "en").await;
    p.wants_mentoring_email(&p.mentee, "daily").await;
    p.wants_mentoring_email(&p.mentor, "off").await;
    p.message(&p.mentor, "Satu").await;
    p.message(&p.mentor, "Dua").await;
    p.message(&p.mentee, "Balasan").await;
    p.app.run_jobs().await;
    assert!(smtp.messages_to(&p.mentee.email).is_empty(), "no single e-mails on a digest");
    assert_eq!(smtp.messages_to(&p.mentor.email).len(), 1, "others still get theirs");

    // A day later the 07:00 (WITA) of the next period has passed.
    p.app.clock.advance(chrono::Duration::hours(25));
    p.app.run_jobs().await;
    let digests = smtp.messages_to(&p.mentee.email);
    assert_eq!(digests.len(), 1, "{digests:?}");
    assert_eq!(digests[0].header("subject"), "Your Latih notifications (2)");
    let text = digests[0].text.as_deref().unwrap_or_default();
    assert_eq!(text.matches("New mentoring message").count(), 2, "{text}");
    assert!(digests[0].html.as_deref().unwrap_or_default().contains("<h2"));
    assert!(digests[0].header("list-unsubscribe").contains("/api/v1/notifications/unsubscribe?token="));

    p.app.clock.advance(chrono::Duration::hours(1));
    p.app.run_jobs().await;
    p.app.clock.advance(chrono::Duration::hours(24));
    p.app.run_jobs().await;
    assert_eq!(smtp.messages_to(&p.mentee.email).len(), 1, "once: nothing new waited");
}
