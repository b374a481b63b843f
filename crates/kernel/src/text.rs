//! Text helpers shared by every crate that stores what people write: Markdown rendered to
//! sanitized HTML, and folding for case- and accent-insensitive search.

use pulldown_cmark::{Options, Parser, html};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Markdown as HTML that is safe to insert into a page: no scripts, no event handlers, no
/// `javascript:` or `data:` links; links open with `rel="noopener noreferrer nofollow"`.
pub fn markdown_to_safe_html(markdown: &str) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_TASKLISTS);
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, Parser::new_ext(markdown, options));
    ammonia::Builder::default()
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("noopener noreferrer nofollow"))
        .clean(&unsafe_html)
        .to_string()
}

/// Lower-case without diacritics (`Pelatihan Dasar CPNS — Ké` → `pelatihan dasar cpns — ke`), for
/// search columns and the queries matched against them.
pub fn fold(text: &str) -> String {
    text.nfd().filter(|c| !is_combining_mark(*c)).flat_map(char::to_lowercase).collect()
}

#[cfg(test)]
mod tests {
    use super::{fold, markdown_to_safe_html};

    #[test]
    fn scripts_handlers_and_javascript_links_never_survive() {
        let html = markdown_to_safe_html(
            "Halo <script>alert(1)</script> <img src=x onerror=alert(1)> [klik](javascript:alert(1)) **tebal**",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(html.contains("<strong>tebal</strong>"), "{html}");
    }

    #[test]
    fn folding_ignores_case_and_accents() {
        assert_eq!(fold("Kebijakan PÚBLIK Café"), "kebijakan publik cafe");
    }
}
