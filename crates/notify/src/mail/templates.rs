//! The e-mail texts, in Indonesian and English: a subject, a plain-text part and an HTML part
//! (everything from people or courses escaped), and a footer leading to the preferences and, for
//! what may be turned off, the one-click unsubscribe.

use latih_kernel::Lang;

use super::mailer::Mailer;
use super::token::UnsubscribeToken;

/// A rendered e-mail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// One notification as an e-mail shows it.
pub struct Item<'a> {
    pub title: &'a str,
    pub body: &'a str,
    pub link: Option<&'a str>,
}

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

/// Subjects are one line whatever a title holds.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn unsubscribe_url(mailer: &Mailer, token: &UnsubscribeToken) -> String {
    format!("{}/api/v1/notifications/unsubscribe?token={}", mailer.public_url, token.sign(mailer.token_key()))
}

fn preferences_url(mailer: &Mailer) -> String {
    format!("{}/api/v1/me/notification-preferences", mailer.public_url)
}

fn footer(mailer: &Mailer, lang: Lang, unsubscribe: Option<&str>) -> (String, String) {
    let prefs = preferences_url(mailer);
    let (why, change, stop) = match lang {
        Lang::Id => (
            "Anda menerima e-mail ini karena akun Latih Anda.",
            "Atur pemberitahuan",
            "Berhenti menerima e-mail jenis ini",
        ),
        Lang::En => (
            "You receive this e-mail because of your Latih account.",
            "Notification settings",
            "Stop e-mails like this one",
        ),
    };
    let mut text = format!("--\n{why}\n{change}: {prefs}\n");
    let mut html = format!(
        "<hr><p style=\"color:#666;font-size:12px\">{}<br><a href=\"{}\">{}</a>",
        escape(why),
        escape(&prefs),
        escape(change)
    );
    if let Some(url) = unsubscribe {
        text.push_str(&format!("{stop}: {url}\n"));
        html.push_str(&format!(" · <a href=\"{}\">{}</a>", escape(url), escape(stop)));
    }
    html.push_str("</p>");
    (text, html)
}

fn item_text(mailer: &Mailer, lang: Lang, item: &Item<'_>) -> String {
    let mut text = format!("{}\n", item.title);
    if !item.body.is_empty() {
        text.push_str(&format!("{}\n", item.body));
    }
    if let Some(link) = item.link {
        let open = match lang {
            Lang::Id => "Buka",
            Lang::En => "Open",
        };
        text.push_str(&format!("{open}: {}{link}\n", mailer.public_url));
    }
    text
}

fn item_html(mailer: &Mailer, lang: Lang, item: &Item<'_>) -> String {
    let mut html = format!("<h2 style=\"font-size:16px\">{}</h2>", escape(item.title));
    if !item.body.is_empty() {
        html.push_str(&format!("<p>{}</p>", escape(item.body).replace('\n', "<br>")));
    }
    if let Some(link) = item.link {
        let open = match lang {
            Lang::Id => "Buka di Latih",
            Lang::En => "Open in Latih",
        };
        html.push_str(&format!("<p><a href=\"{}\">{open}</a></p>", escape(&format!("{}{link}", mailer.public_url))));
    }
    html
}

fn page(lang: Lang, inner: &str) -> String {
    let code = match lang {
        Lang::Id => "id",
        Lang::En => "en",
    };
    format!(
        "<!DOCTYPE html><html lang=\"{code}\"><head><meta charset=\"utf-8\"></head><body style=\"font-family:sans-serif\">{inner}</body></html>"
    )
}

/// One notification's own e-mail.
pub fn single(mailer: &Mailer, lang: Lang, item: &Item<'_>, unsubscribe: Option<&str>) -> Rendered {
    let (foot_text, foot_html) = footer(mailer, lang, unsubscribe);
    Rendered {
        subject: one_line(item.title),
        text: format!("{}\n{foot_text}", item_text(mailer, lang, item)),
        html: page(lang, &format!("{}{foot_html}", item_html(mailer, lang, item))),
    }
}

/// A digest listing `items`, newest last.
pub fn digest(mailer: &Mailer, lang: Lang, items: &[Item<'_>], unsubscribe: &str) -> Rendered {
    let (subject, intro) = match lang {
        Lang::Id => (
            format!("Ringkasan pemberitahuan Latih ({})", items.len()),
            "Ini pemberitahuan Anda sejak ringkasan terakhir:",
        ),
        Lang::En => {
            (format!("Your Latih notifications ({})", items.len()), "Here is what happened since your last digest:")
        }
    };
    let (foot_text, foot_html) = footer(mailer, lang, Some(unsubscribe));
    let text_items: Vec<String> = items.iter().map(|item| item_text(mailer, lang, item)).collect();
    let html_items: String = items.iter().map(|item| item_html(mailer, lang, item)).collect();
    Rendered {
        subject,
        text: format!("{intro}\n\n{}\n{foot_text}", text_items.join("\n")),
        html: page(lang, &format!("<p>{}</p>{html_items}{foot_html}", escape(intro))),
    }
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn html_is_escaped() {
        assert_eq!(escape("<b>\"Tom\" & 'Jerry'</b>"), "&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;");
    }
}
