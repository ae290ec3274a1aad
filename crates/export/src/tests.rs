//! Writers over a small hand-made graph; XML is parsed back with quick-xml.

use super::*;
use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};
use std::collections::BTreeMap;

fn ev(text: &str, url: Option<&str>) -> Evidence {
    Evidence {
        doc: "doc-1".into(),
        url: url.map(str::to_string),
        title: Some("A & B <news>".into()),
        published: Some("2024-08-25T10:00:00Z".into()),
        text: text.into(),
        char_start: 0,
        char_end: text.chars().count() as u32,
        producer: "relate@1".into(),
        confidence: 0.8,
    }
}

fn node(id: &str, label: &str, kind: &str) -> Node {
    Node {
        id: id.into(),
        label: label.into(),
        kind: kind.into(),
        aliases: vec![label.into()],
        mentions: 2,
    }
}

fn edge(id: &str, s: &str, t: &str, p: &str, value: Option<&str>, text: &str) -> Edge {
    Edge {
        id: id.into(),
        source: s.into(),
        target: t.into(),
        predicate: p.into(),
        value: value.map(str::to_string),
        weight: 2,
        confidence: 0.85,
        valid_from: Some("2023".into()),
        valid_to: None,
        status: None,
        first_seen: Some("2024-08-25".into()),
        last_seen: Some("2024-09-01".into()),
        evidence: vec![ev(text, Some("https://example.org/a?x=1&y=2"))],
    }
}

fn sample() -> Graph {
    Graph {
        nodes: vec![
            node("e1", "Ana Kovac", "PER"),
            node("e2", "Danube \"Freedom\" League", "ORG"),
            node("e3", "Moscow", "LOC"),
            node("v:chair", "chair", "VALUE"),
        ],
        edges: vec![
            edge(
                "f1",
                "e1",
                "e2",
                "founded",
                None,
                "Ana Kovac founded the Danube “Freedom” League.\nIt grew.",
            ),
            edge(
                "f2",
                "e3",
                "e2",
                "designated",
                Some("undesirable organization"),
                "The League was declared an “undesirable organization” by Moscow in 2023.",
            ),
            edge(
                "f3",
                "e1",
                "v:chair",
                "holds_role",
                Some("chair"),
                "Ana Kovac, the chair, spoke.",
            ),
            edge(
                "f4",
                "e2",
                "e3",
                "based_in",
                None,
                "The League is based in Moscow.",
            ),
        ],
    }
}

/// Elements with their attributes and the text of `<data>` elements, in document order.
fn parse_xml(xml: &str) -> Vec<(String, BTreeMap<String, String>, String)> {
    let mut r = Reader::from_str(xml);
    let mut out: Vec<(String, BTreeMap<String, String>, String)> = Vec::new();
    // Whether text belongs to the last element (it is open and has no child yet).
    let mut open = false;
    loop {
        let event = r.read_event().expect("well-formed XML");
        let is_start = matches!(event, Event::Start(_));
        match event {
            Event::Start(e) | Event::Empty(e) => {
                let name = e.local_name().as_ref().to_string();
                let mut attrs = BTreeMap::new();
                for a in e.attributes() {
                    let a = a.unwrap();
                    let k = a.key.local_name().as_ref().to_string();
                    let v = a
                        .normalized_value(XmlVersion::Implicit1_0)
                        .unwrap()
                        .to_string();
                    attrs.insert(k, v);
                }
                out.push((name, attrs, String::new()));
                open = is_start;
            }
            Event::End(_) => open = false,
            Event::Text(t) if open => {
                if let Some(last) = out.last_mut() {
                    last.2.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(g) if open => {
                if let Some(last) = out.last_mut() {
                    let name = g.as_ref().to_string();
                    let s = match name.as_str() {
                        "amp" => "&".to_string(),
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "quot" => "\"".into(),
                        "apos" => "'".into(),
                        n => n
                            .strip_prefix("#")
                            .and_then(|d| d.parse::<u32>().ok())
                            .and_then(char::from_u32)
                            .map(String::from)
                            .unwrap_or_default(),
                    };
                    last.2.push_str(&s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

#[test]
fn graphml_parses_back_with_evidence() {
    let mut buf = Vec::new();
    write_graphml(&sample(), &mut buf).unwrap();
    let xml = String::from_utf8(buf).unwrap();
    let els = parse_xml(&xml);
    let nodes: Vec<_> = els.iter().filter(|e| e.0 == "node").collect();
    let edges: Vec<_> = els.iter().filter(|e| e.0 == "edge").collect();
    assert_eq!(nodes.len(), 4);
    assert_eq!(edges.len(), 4);
    let founded = edges.iter().find(|e| e.1["id"] == "f1").unwrap();
    assert_eq!(
        (founded.1["source"].as_str(), founded.1["target"].as_str()),
        ("e1", "e2")
    );
    // The data of the founded edge: the elements after it up to the next edge.
    let at = els
        .iter()
        .position(|e| e.0 == "edge" && e.1["id"] == "f1")
        .unwrap();
    let data: BTreeMap<String, String> = els[at + 1..]
        .iter()
        .take_while(|e| e.0 == "data")
        .map(|e| (e.1["key"].clone(), e.2.clone()))
        .collect();
    assert_eq!(data["predicate"], "founded");
    assert_eq!(data["weight"], "2");
    assert_eq!(data["url"], "https://example.org/a?x=1&y=2");
    assert_eq!(
        data["evidence"],
        "Ana Kovac founded the Danube “Freedom” League.\nIt grew."
    );
    let label = els
        .iter()
        .skip_while(|e| !(e.0 == "node" && e.1["id"] == "e2"))
        .nth(1)
        .unwrap();
    assert_eq!(label.2, "Danube \"Freedom\" League");
}

#[test]
fn gexf_parses_back_with_weights() {
    let mut buf = Vec::new();
    write_gexf(&sample(), &mut buf).unwrap();
    let xml = String::from_utf8(buf).unwrap();
    let els = parse_xml(&xml);
    let edges: Vec<_> = els.iter().filter(|e| e.0 == "edge").collect();
    assert_eq!(edges.len(), 4);
    assert!(edges.iter().all(|e| e.1["weight"] == "2"));
    let d = edges.iter().find(|e| e.1["id"] == "f2").unwrap();
    assert_eq!(d.1["label"], "designated");
    let values: Vec<&String> = els
        .iter()
        .filter(|e| e.0 == "attvalue")
        .map(|e| &e.1["value"])
        .collect();
    assert!(
        values
            .iter()
            .any(|v| v.as_str() == "undesirable organization")
    );
    assert!(
        values
            .iter()
            .any(|v| v.contains("It grew.") && v.contains('\n'))
    );
    let n = els
        .iter()
        .find(|e| e.0 == "node" && e.1["id"] == "e2")
        .unwrap();
    assert_eq!(n.1["label"], "Danube \"Freedom\" League");
}

#[test]
fn csv_has_neo4j_headers_and_quoted_fields() {
    let (mut n, mut e) = (Vec::new(), Vec::new());
    write_csv(&sample(), &mut n, &mut e).unwrap();
    let n = String::from_utf8(n).unwrap();
    let e = String::from_utf8(e).unwrap();
    assert!(n.starts_with("id:ID,name,type,aliases:string[],mentions:long,:LABEL\n"));
    assert!(n.contains("\"e2\",\"Danube \"\"Freedom\"\" League\",\"ORG\""));
    assert!(n.contains("\"Entity;Person\""));
    assert!(e.starts_with(":START_ID,:END_ID,:TYPE,"));
    assert!(e.contains("\"e1\",\"e2\",\"FOUNDED\",\"founded\""));
    assert!(e.contains("\"HOLDS_ROLE\""));
    // One header plus one record per node (records may hold quoted newlines).
    assert_eq!(n.lines().count(), 5);
}

#[test]
fn jsonld_has_schema_org_properties_and_claims() {
    let v = jsonld(&sample());
    assert_eq!(v["@context"], "https://schema.org");
    let graph = v["@graph"].as_array().unwrap();
    let league = graph
        .iter()
        .find(|x| x["name"] == "Danube \"Freedom\" League")
        .unwrap();
    assert_eq!(league["@type"], "Organization");
    assert_eq!(league["founder"][0]["@id"], "urn:newsgraph:e1");
    assert_eq!(league["location"][0]["@id"], "urn:newsgraph:e3");
    let claims: Vec<_> = graph.iter().filter(|x| x["@type"] == "Claim").collect();
    assert_eq!(claims.len(), 4);
    let c = claims
        .iter()
        .find(|c| c["additionalType"] == "designated")
        .unwrap();
    assert_eq!(c["appearance"][0]["url"], "https://example.org/a?x=1&y=2");
    assert_eq!(c["temporalCoverage"], "2023/..");
    assert!(c["text"].as_str().unwrap().contains("undesirable"));
}

#[test]
fn ftm_maps_links_to_schemata() {
    let mut buf = Vec::new();
    write_ftm(&sample(), &mut buf).unwrap();
    let lines: Vec<serde_json::Value> = String::from_utf8(buf)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let schema = |s: &str| lines.iter().filter(|l| l["schema"] == s).count();
    assert_eq!(schema("Person"), 1);
    assert_eq!(schema("Organization"), 1);
    assert_eq!(schema("LegalEntity"), 1);
    assert_eq!(schema("Directorship"), 1);
    assert_eq!(schema("Sanction"), 1);
    assert_eq!(schema("Occupancy"), 1);
    assert_eq!(schema("Position"), 1);
    assert_eq!(schema("UnknownLink"), 1);
    let s = lines.iter().find(|l| l["schema"] == "Sanction").unwrap();
    assert_eq!(s["properties"]["entity"][0], "ng-e2");
    assert_eq!(s["properties"]["authority"][0], "Moscow");
    assert_eq!(s["properties"]["program"][0], "undesirable organization");
    assert_eq!(s["properties"]["startDate"][0], "2023");
    assert_eq!(
        s["properties"]["sourceUrl"][0],
        "https://example.org/a?x=1&y=2"
    );
    let d = lines
        .iter()
        .find(|l| l["schema"] == "Directorship")
        .unwrap();
    assert_eq!(d["properties"]["role"][0], "founder");
    assert_eq!(d["properties"]["director"][0], "ng-e1");
}

#[test]
fn empty_graph_writes_valid_documents() {
    let g = Graph::default();
    let mut buf = Vec::new();
    write_graphml(&g, &mut buf).unwrap();
    assert!(
        parse_xml(&String::from_utf8(buf).unwrap())
            .iter()
            .any(|e| e.0 == "graph")
    );
    let mut buf = Vec::new();
    write_gexf(&g, &mut buf).unwrap();
    assert!(
        parse_xml(&String::from_utf8(buf).unwrap())
            .iter()
            .any(|e| e.0 == "graph")
    );
    let mut buf = Vec::new();
    write_ftm(&g, &mut buf).unwrap();
    assert!(buf.is_empty());
}

/// Ana, the former chair of the League, and a former member of it.
fn former() -> Graph {
    let mut chair = edge(
        "f1",
        "e1",
        "e2",
        "holds_role",
        Some("chair"),
        "Ana Kovac, the former chair of the League, spoke.",
    );
    chair.status = Some("former".into());
    chair.valid_from = None;
    let mut member = edge(
        "f2",
        "e1",
        "e2",
        "member_of",
        None,
        "Ana Kovac, a former member of the League, spoke.",
    );
    member.status = Some("former".into());
    member.valid_from = None;
    Graph {
        nodes: vec![
            node("e1", "Ana Kovac", "PER"),
            node("e2", "Danube League", "ORG"),
        ],
        edges: vec![chair, member],
    }
}

#[test]
fn a_former_relation_says_so_in_every_export() {
    let g = former();
    let mut buf = Vec::new();
    write_ftm(&g, &mut buf).unwrap();
    let ftm = String::from_utf8(buf).unwrap();
    let lines: Vec<serde_json::Value> = ftm
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let occupancy = lines.iter().find(|l| l["schema"] == "Occupancy").unwrap();
    assert_eq!(occupancy["properties"]["status"][0], "ended");
    assert!(occupancy["properties"].get("endDate").is_none());
    insta::assert_snapshot!("former_ftm", ftm);

    let claims: Vec<serde_json::Value> = jsonld(&g)["@graph"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["@type"] == "Claim")
        .cloned()
        .collect();
    assert!(
        claims
            .iter()
            .all(|c| c["disambiguatingDescription"] == "former")
    );
    insta::assert_json_snapshot!("former_jsonld_claims", claims);

    let mut buf = Vec::new();
    write_graphml(&g, &mut buf).unwrap();
    let els = parse_xml(&String::from_utf8(buf).unwrap());
    let status: Vec<&str> = els
        .iter()
        .filter(|e| e.0 == "data" && e.1["key"] == "status")
        .map(|e| e.2.as_str())
        .collect();
    assert_eq!(status, ["former", "former"]);
    assert!(
        els.iter()
            .any(|e| e.0 == "key" && e.1["id"] == "status" && e.1["for"] == "edge")
    );
}

#[test]
fn every_ftm_mapping_of_the_ontology_is_written() {
    // one edge per predicate, between a person and an organization (a place for the places)
    for p in ontology::PREDICATES {
        let object_is_org = p.object_types.contains(&ontology::EntityType::Org);
        let target = if object_is_org { "e2" } else { "e3" };
        let g = Graph {
            nodes: vec![
                node("e1", "Ana Kovac", "PER"),
                node("e2", "Danube League", "ORG"),
                node("e3", "Moscow", "LOC"),
            ],
            edges: vec![edge("f1", "e1", target, p.name, Some("x"), "Evidence.")],
        };
        let mut buf = Vec::new();
        write_ftm(&g, &mut buf).unwrap();
        let lines: Vec<serde_json::Value> = String::from_utf8(buf)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let link = lines.last().unwrap();
        let expected = match p.ftm_schema() {
            Some(s) if object_is_org => s,
            Some("Occupancy") => "Occupancy",
            _ => "UnknownLink",
        };
        assert_eq!(link["schema"], expected, "{}", p.name);
    }
}
