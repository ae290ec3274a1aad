//! Element classification: which tags and class/id names mark boilerplate, and how strongly a
//! class/id hints at article content (readability's class weight).

/// Tags whose whole subtree never belongs to the article body.
pub(crate) fn is_dropped_tag(tag: &str) -> bool {
    matches!(
        tag,
        "head"
            | "title"
            | "nav"
            | "footer"
            | "aside"
            | "button"
            | "select"
            | "option"
            | "input"
            | "label"
            | "menu"
            | "dialog"
            | "object"
            | "embed"
            | "canvas"
            | "video"
            | "audio"
            | "map"
            | "picture"
            | "img"
            | "figcaption"
            | "meta"
            | "link"
            | "style"
            | "script"
            | "noscript"
            | "template"
            | "svg"
            | "math"
            | "iframe"
            | "textarea"
            | "fieldset"
            | "header"
    )
}

/// Block-level tags: text on either side of them belongs to different paragraphs.
pub(crate) fn is_block(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "table"
            | "thead"
            | "tbody"
            | "tfoot"
            | "tr"
            | "td"
            | "th"
            | "caption"
            | "ul"
            | "ol"
            | "li"
            | "dl"
            | "dt"
            | "dd"
            | "blockquote"
            | "pre"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "figure"
            | "figcaption"
            | "header"
            | "footer"
            | "aside"
            | "nav"
            | "form"
            | "hr"
            | "address"
            | "center"
            | "details"
            | "summary"
            | "fieldset"
            | "body"
            | "html"
            | "hgroup"
    )
}

/// Boilerplate words matched as whole `-`/`_`-separated parts of a class or id.
const BOILER_WORDS: &[&str] = &[
    "ad",
    "ads",
    "adv",
    "advert",
    "advertisement",
    "advertising",
    "nav",
    "navbar",
    "navigation",
    "menu",
    "share",
    "sharing",
    "shares",
    "social",
    "related",
    "comment",
    "comments",
    "tags",
    "tag",
    "topics",
    "footer",
    "sidebar",
    "promo",
    "banner",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "newsletter",
    "subscribe",
    "subscription",
    "signup",
    "popup",
    "modal",
    "overlay",
    "breadcrumb",
    "breadcrumbs",
    "byline",
    "caption",
    "credit",
    "credits",
    "author",
    "bio",
    "meta",
    "toolbar",
    "tools",
    "pagination",
    "pager",
    "rss",
    "print",
    "sponsored",
    "sponsor",
    "recommended",
    "recirc",
    "trending",
    "popular",
    "masthead",
    "skip",
    "sronly",
    "outbrain",
    "taboola",
    "disqus",
    "dateline",
    "timestamp",
    "date",
    "embed",
    "video",
    "gallery",
    "slideshow",
    "lightbox",
    "more",
    "readmore",
    "next",
    "prev",
    "disclaimer",
    "copyright",
    "alert",
    "notification",
    "login",
    "follow",
    "rating",
    "toc",
];

/// Boilerplate fragments matched anywhere inside a class or id (camelCase names included).
const BOILER_SUBSTR: &[&str] = &[
    "comment",
    "newsletter",
    "breadcrumb",
    "sidebar",
    "related",
    "social",
    "cookie",
    "subscribe",
    "promo",
    "outbrain",
    "taboola",
    "recommend",
    "sponsor",
    "advert",
    "footer",
    "masthead",
    "byline",
    "caption",
    "popup",
    "disqus",
    "share",
    "sr-only",
    "visually-hidden",
    "visuallyhidden",
    "screen-reader",
    "screenreader",
    "signup",
    "sign-up",
    "more-stories",
    "morestories",
    "read-more",
    "readmore",
    "most-read",
    "mostread",
    "most-popular",
    "trending",
    "paywall-prompt",
    "author-info",
    "authorinfo",
    "author-bio",
    "nav-",
    "-nav",
    "navbar",
    "navigation",
    "menu",
    "banner",
    "tooltip",
    "gallery",
    "slideshow",
    "inline-ad",
    "ad-container",
    "ad-slot",
    "adslot",
    "adunit",
    "ad-unit",
    "ad-wrapper",
    "-ads",
    "ads-",
];

/// Whole class names that keep an element even when a boilerplate pattern matches.
const CONTENT_NAMES: &[&str] = &[
    "content", "article", "main", "body", "story", "entry", "post", "hentry", "h-entry",
];

/// Fragments of class names that mark the article body itself.
const CONTENT_SUBSTR: &[&str] = &[
    "article-body",
    "articlebody",
    "article__body",
    "article-content",
    "articlecontent",
    "article__content",
    "article-text",
    "articletext",
    "story-body",
    "storybody",
    "story-content",
    "storycontent",
    "entry-content",
    "post-content",
    "postcontent",
    "post-body",
    "postbody",
    "main-content",
    "maincontent",
    "content-body",
    "content__body",
    "body-text",
    "bodytext",
    "rich-text",
    "richtext",
];

/// Fragments that stay boilerplate even after an article-ish first word ("article-related").
const STRONG_BOILER: &[&str] = &[
    "comment", "related", "share", "social", "newsletter", "promo", "recirc", "footer", "tags", "author",
    "byline", "caption", "meta", "sidebar", "more", "recommend", "sponsor", "ad-", "-ad", "nav",
];

/// Whole class names that hide an element.
const HIDDEN_NAMES: &[&str] = &["hidden", "hide", "is-hidden", "d-none", "display-none", "invisible"];

/// True when the class/id of an element names boilerplate.
pub(crate) fn is_boiler_name(class: &str, id: &str) -> bool {
    if class.is_empty() && id.is_empty() {
        return false;
    }
    let mut hit = false;
    for name in class.split_ascii_whitespace().chain(std::iter::once(id)) {
        if name.is_empty() {
            continue;
        }
        let lower = name.to_ascii_lowercase();
        if CONTENT_NAMES.contains(&lower.as_str()) || CONTENT_SUBSTR.iter().any(|s| lower.contains(s)) {
            return false;
        }
        let first = lower.split(['-', '_']).next().unwrap_or("");
        if matches!(first, "content" | "main" | "body" | "contents")
            || (matches!(first, "article" | "story" | "post" | "entry")
                && !STRONG_BOILER.iter().any(|s| lower.contains(s)))
        {
            return false;
        }
        if HIDDEN_NAMES.contains(&lower.as_str())
            || BOILER_SUBSTR.iter().any(|s| lower.contains(s))
            || lower.split(['-', '_']).any(|w| BOILER_WORDS.contains(&w))
        {
            hit = true;
        }
    }
    hit
}

/// True when a class/id names the article body itself (`entry-content`, `article-body`, ...).
pub(crate) fn is_content_name(class: &str, id: &str) -> bool {
    class
        .split_ascii_whitespace()
        .chain(std::iter::once(id))
        .filter(|n| !n.is_empty())
        .any(|n| {
            let lower = n.to_ascii_lowercase();
            CONTENT_SUBSTR.iter().any(|s| lower.contains(s))
        })
}

/// Readability-style class weight: +25 for content-like names, -25 for boilerplate-like ones,
/// for class and id each.
pub(crate) fn class_weight(class: &str, id: &str) -> i32 {
    let mut w = 0;
    for name in [class, id] {
        if name.is_empty() {
            continue;
        }
        let lower = name.to_ascii_lowercase();
        if NEGATIVE.iter().any(|s| lower.contains(s)) {
            w -= 25;
        }
        if POSITIVE.iter().any(|s| lower.contains(s)) {
            w += 25;
        }
    }
    w
}

const POSITIVE: &[&str] = &[
    "article", "body", "content", "entry", "hentry", "h-entry", "main", "page", "post", "text",
    "blog", "story",
];

const NEGATIVE: &[&str] = &[
    "-ad-",
    "hidden",
    "banner",
    "combx",
    "comment",
    "com-",
    "contact",
    "foot",
    "footnote",
    "gdpr",
    "masthead",
    "media",
    "meta",
    "outbrain",
    "promo",
    "related",
    "scroll",
    "share",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "sponsor",
    "shopping",
    "tags",
    "tool",
    "byline",
    "caption",
    "recirc",
    "newsletter",
];

/// True when inline style or attributes hide the element.
pub(crate) fn is_hidden(style: Option<&str>, hidden_attr: bool) -> bool {
    if hidden_attr {
        return true;
    }
    let Some(style) = style else {
        return false;
    };
    let s: String = style
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    s.contains("display:none") || s.contains("visibility:hidden")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(is_boiler_name("share-bar", ""));
        assert!(is_boiler_name("", "relatedStories"));
        assert!(is_boiler_name("ad", ""));
        assert!(!is_boiler_name("article-body comments-enabled", ""));
        assert!(!is_boiler_name("header-logo", ""));
        assert!(is_boiler_name("related-content", ""));
        assert!(!is_boiler_name("hidden-xs", ""));
        assert!(!is_boiler_name("content-with-sidebar-wrp", ""));
        assert!(is_boiler_name("article-related", ""));
        assert!(!is_boiler_name("read", "loaded"));
        assert!(class_weight("entry-content", "") > 0);
        assert!(class_weight("sidebar", "") < 0);
        assert!(is_hidden(Some("display: none"), false));
        assert!(!is_hidden(Some("color:red"), false));
    }
}
