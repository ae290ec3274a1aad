//! A flat pre-order arena over the parsed page, built without recursion.
//!
//! Node `i`'s subtree is the index range `i..nodes[i].end`, so walks are plain loops and a
//! 10,000-deep page costs no stack. Elements borrow their name and attributes from the scraper
//! tree; text nodes borrow their text.

use ego_tree::iter::Edge;
use scraper::node::Element;
use scraper::{Html, Node as SNode};

/// What a node holds.
pub(crate) enum Data<'a> {
    Elem(&'a Element),
    Text(&'a str),
}

/// One node: its data, parent and the end of its subtree.
pub(crate) struct Node<'a> {
    pub data: Data<'a>,
    pub parent: u32,
    pub end: u32,
}

impl<'a> Node<'a> {
    /// Lower-case local name of an element; "" for text.
    pub fn tag(&self) -> &'a str {
        match self.data {
            Data::Elem(e) => e.name(),
            Data::Text(_) => "",
        }
    }

    pub fn elem(&self) -> Option<&'a Element> {
        match self.data {
            Data::Elem(e) => Some(e),
            Data::Text(_) => None,
        }
    }

    pub fn attr(&self, name: &str) -> Option<&'a str> {
        self.elem().and_then(|e| e.attr(name))
    }
}

/// The arena. Node 0 is the document root (an element stand-in, `<html>` when present).
pub(crate) struct Dom<'a> {
    pub nodes: Vec<Node<'a>>,
}

impl<'a> Dom<'a> {
    pub fn build(html: &'a Html) -> Dom<'a> {
        let mut nodes: Vec<Node<'a>> = Vec::with_capacity(html.tree.nodes().len());
        // Stack of (arena index) of open elements; parallel to Open/Close of element nodes only.
        let mut stack: Vec<u32> = Vec::new();
        for edge in html.tree.root().traverse() {
            match edge {
                Edge::Open(n) => match n.value() {
                    SNode::Element(e) => {
                        let idx = nodes.len() as u32;
                        nodes.push(Node {
                            data: Data::Elem(e),
                            parent: stack.last().copied().unwrap_or(u32::MAX),
                            end: idx + 1,
                        });
                        stack.push(idx);
                    }
                    SNode::Text(t) => {
                        let idx = nodes.len() as u32;
                        nodes.push(Node {
                            data: Data::Text(t),
                            parent: stack.last().copied().unwrap_or(u32::MAX),
                            end: idx + 1,
                        });
                    }
                    _ => {}
                },
                Edge::Close(n) => {
                    if matches!(n.value(), SNode::Element(_))
                        && let Some(idx) = stack.pop()
                    {
                        let len = nodes.len() as u32;
                        if let Some(node) = nodes.get_mut(idx as usize) {
                            node.end = len;
                        }
                    }
                }
            }
        }
        Dom { nodes }
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Direct children of `i`.
    pub fn children(&self, i: usize) -> Children<'_, 'a> {
        let end = self.nodes.get(i).map_or(i, |n| n.end as usize);
        Children {
            dom: self,
            next: i + 1,
            end,
        }
    }

    pub fn parent(&self, i: usize) -> Option<usize> {
        let p = self.nodes.get(i)?.parent;
        (p != u32::MAX).then_some(p as usize)
    }

    pub fn tag(&self, i: usize) -> &'a str {
        self.nodes.get(i).map_or("", |n| n.tag())
    }

    /// Elements named `name`, in document order.
    pub fn elements_named<'s>(&'s self, name: &'s str) -> impl Iterator<Item = usize> + 's {
        self.nodes
            .iter()
            .enumerate()
            .filter(move |(_, n)| matches!(n.data, Data::Elem(e) if e.name() == name))
            .map(|(i, _)| i)
    }

    /// The whitespace-collapsed text of the subtree of `i` (script-free by construction).
    pub fn text_of(&self, i: usize) -> String {
        let mut s = String::new();
        let end = self.nodes.get(i).map_or(i, |n| n.end as usize);
        for n in self.nodes.get(i..end).unwrap_or(&[]) {
            if let Data::Text(t) = n.data {
                push_collapsed(&mut s, t);
            }
        }
        s.trim_end().to_string()
    }
}

/// Iterator over direct children.
pub(crate) struct Children<'d, 'a> {
    dom: &'d Dom<'a>,
    next: usize,
    end: usize,
}

impl Iterator for Children<'_, '_> {
    type Item = usize;
    fn next(&mut self) -> Option<usize> {
        if self.next >= self.end {
            return None;
        }
        let cur = self.next;
        self.next = self.dom.nodes.get(cur).map_or(self.end, |n| n.end as usize);
        Some(cur)
    }
}

/// Appends `t` to `s` with runs of whitespace collapsed to one space; no leading space.
pub(crate) fn push_collapsed(s: &mut String, t: &str) {
    let mut space = t.starts_with(is_ws);
    for part in t.split(is_ws).filter(|p| !p.is_empty()) {
        if space && !s.is_empty() && !s.ends_with([' ', '\n']) {
            s.push(' ');
        }
        s.push_str(part);
        space = true;
    }
    if t.ends_with(is_ws) && !s.is_empty() && !s.ends_with([' ', '\n']) {
        s.push(' ');
    }
}

/// HTML whitespace plus the no-break space, which pages use as layout glue.
pub(crate) fn is_ws(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c' | '\u{a0}' | '\u{200b}')
}
