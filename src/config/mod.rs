//! Rule sets: the TOML schema, `extends` layering, and validation into the
//! resolved [`RuleSet`] the engine runs. Three layers, as in ruff: raw options
//! (every field optional, unknown keys refused), merged layers (built-in base <
//! the user's file), then resolved settings with every reference checked.

mod error;
mod raw;

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::Path;

pub use error::{ConfigError, Source};

// Transitional: the resolved types live in `crate::spec`; callers move there.
pub use crate::spec::{
    Aggregate, Band, Better, ClassId, ClassSet, ContactPick, Curve, DateOrder, Duration,
    DurationEnd, Fact, FactId, Filter, FilterOp, FollowedBy, IfNone, KeywordClass, MAX_ROLES,
    Metric, MetricId, Piece, Role, Rule, RuleSet, TableSource, Template, Unit, Var,
};

use crate::model::{FieldId, FieldKind, Table};
use raw::{OneOrMany, RawBand, RawClass, RawFact, RawFilter, RawMetric, RawRole, RawRule};
use toml::Spanned;

/// Limits that keep a hostile or mistaken rule file to a clear error and a
/// bounded run.
pub const MAX_RULE_FILE_BYTES: u64 = 4 * 1024 * 1024;
pub const MAX_RULES: usize = 2000;
pub const MAX_KEYWORDS_PER_CLASS: usize = 5000;

/// The built-in rule sets a file may extend, by name.
pub const BUILTIN: &[(&str, &str)] = &[("default", include_str!("../../rules/default.toml"))];

impl RuleSet {
    /// The built-in default rule set.
    pub fn builtin() -> Result<RuleSet, ConfigError> {
        load_layers(
            vec![builtin_source("default").expect("default is built in")],
            false,
        )
    }

    /// The rule set with the value words (`[classes]`) of these vendor presets
    /// layered over its base, below the user's file: a user's `match` still
    /// replaces a class and `add` still extends it. A preset only extends classes
    /// the rule set has.
    pub fn with_presets(&self, presets: &[&crate::ingest::Preset]) -> Result<RuleSet, ConfigError> {
        let mut layers = Vec::new();
        for p in presets {
            let Some(text) = &p.classes else { continue };
            let Ok(raw) = toml::from_str::<toml::Table>(text) else {
                continue;
            };
            let Some(toml::Value::Table(classes)) = raw.get("classes") else {
                continue;
            };
            let mut kept = toml::Table::new();
            for (name, class) in classes {
                if self.class_id(name).is_some() {
                    kept.insert(name.clone(), class.clone());
                }
            }
            if kept.is_empty() {
                continue;
            }
            let mut doc = toml::Table::new();
            doc.insert("classes".to_string(), toml::Value::Table(kept));
            layers.push(Source {
                label: format!("built-in:preset-{}", p.name),
                text: toml::to_string(&doc).unwrap_or_default(),
            });
        }
        if layers.is_empty() {
            return load_layers(self.sources.clone(), self.user_layer);
        }
        let mut sources = self.sources.clone();
        let at = if self.user_layer {
            sources.len() - 1
        } else {
            sources.len()
        };
        for (i, layer) in layers.into_iter().enumerate() {
            sources.insert(at + i, layer);
        }
        let mut rs = load_layers(sources, self.user_layer)?;
        rs.origin = self.origin.clone();
        Ok(rs)
    }

    /// A user's rule file, layered over the built-in set it extends (if any).
    pub fn from_file(path: &Path) -> anyhow::Result<RuleSet> {
        let size = std::fs::metadata(path)
            .map_err(|e| anyhow::anyhow!("cannot read rule file {}: {e}", path.display()))?
            .len();
        if size > MAX_RULE_FILE_BYTES {
            anyhow::bail!(
                "rule file {} is {size} bytes; rapport reads rule files of up to {} bytes",
                path.display(),
                MAX_RULE_FILE_BYTES
            );
        }
        let text = std::fs::read_to_string(path)
            .map_err(|e| anyhow::anyhow!("cannot read rule file {}: {e}", path.display()))?;
        Ok(RuleSet::from_text(&path.display().to_string(), &text)?)
    }

    pub fn from_text(label: &str, text: &str) -> Result<RuleSet, ConfigError> {
        let user = Source {
            label: label.to_string(),
            text: text.to_string(),
        };
        let raw = parse(&user)?;
        let mut sources = Vec::new();
        if let Some(base) = &raw.extends {
            match builtin_source(base.get_ref()) {
                Some(s) => sources.push(s),
                None => {
                    let known: Vec<_> = BUILTIN.iter().map(|(n, _)| *n).collect();
                    return Err(ConfigError::at(
                        &user,
                        base.span(),
                        format!(
                            "unknown rule set '{}' in extends, expected one of: {}",
                            base.get_ref(),
                            known.join(", ")
                        ),
                    ));
                }
            }
        }
        sources.push(user);
        load_layers(sources, true)
    }
}

fn builtin_source(name: &str) -> Option<Source> {
    BUILTIN
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(n, text)| Source {
            label: format!("built-in:{n}"),
            text: text.to_string(),
        })
}

fn parse(source: &Source) -> Result<raw::RawRuleSet, ConfigError> {
    toml::from_str(&source.text).map_err(|e| ConfigError::from_toml(source, &e))
}

/// A value with the index of the source it was written in.
#[derive(Debug, Clone)]
struct At<T> {
    v: T,
    src: usize,
}

#[derive(Debug, Clone)]
struct MergedRule {
    id: At<Spanned<String>>,
    element: Option<String>,
    title: Option<String>,
    why: Option<String>,
    enabled: Option<bool>,
    metric: Option<At<Spanned<RawMetric>>>,
    better: Option<At<Range<usize>>>,
    better_value: Option<Better>,
    full: Option<At<Spanned<f64>>>,
    zero: Option<At<Spanned<f64>>>,
    weight: Option<At<Spanned<f64>>>,
    if_none: Option<IfNone>,
    applies_to: Option<At<Spanned<String>>>,
    when_band: Option<Vec<At<Spanned<String>>>>,
    cap_band: Option<At<Spanned<String>>>,
    flag: Option<String>,
    contact: Option<At<Spanned<String>>>,
    due_days: Option<At<Spanned<i64>>>,
    action: Option<At<Spanned<String>>>,
    action_if_none: Option<At<Spanned<String>>>,
}

impl MergedRule {
    fn new(id: At<Spanned<String>>) -> Self {
        MergedRule {
            id,
            element: None,
            title: None,
            why: None,
            enabled: None,
            metric: None,
            better: None,
            better_value: None,
            full: None,
            zero: None,
            weight: None,
            if_none: None,
            applies_to: None,
            when_band: None,
            cap_band: None,
            flag: None,
            contact: None,
            due_days: None,
            action: None,
            action_if_none: None,
        }
    }

    fn apply(&mut self, r: RawRule, src: usize) {
        let at = |v| At { v, src };
        macro_rules! over {
            ($($f:ident),*) => { $( if r.$f.is_some() { self.$f = r.$f; } )* };
        }
        over!(element, title, why, enabled, if_none, flag);
        if let Some(m) = r.metric {
            self.metric = Some(at(m));
        }
        if let Some(c) = r.curve {
            let span = c.span();
            let c = c.into_inner();
            if let Some(b) = c.better {
                self.better = Some(At { v: span, src });
                self.better_value = Some(b);
            }
            if let Some(f) = c.full {
                self.full = Some(At { v: f, src });
            }
            if let Some(z) = c.zero {
                self.zero = Some(At { v: z, src });
            }
        }
        if let Some(w) = r.weight {
            self.weight = Some(At { v: w, src });
        }
        if let Some(a) = r.applies_to {
            self.applies_to = Some(At { v: a, src });
        }
        if let Some(w) = r.when_band {
            self.when_band = Some(w.into_iter().map(|v| At { v, src }).collect());
        }
        if let Some(c) = r.cap_band {
            self.cap_band = Some(At { v: c, src });
        }
        if let Some(c) = r.contact {
            self.contact = Some(At { v: c, src });
        }
        if let Some(d) = r.due_days {
            self.due_days = Some(At { v: d, src });
        }
        if let Some(a) = r.action {
            self.action = Some(At { v: a, src });
        }
        if let Some(a) = r.action_if_none {
            self.action_if_none = Some(At { v: a, src });
        }
    }
}

/// A class's `why`, its keywords, and the source that last touched it.
type MergedClass = (Option<String>, Vec<At<Spanned<String>>>, usize);
/// `[columns.TABLE] field = headers`, each part with its source.
type ColumnOverride = (
    At<Spanned<String>>,
    At<Spanned<String>>,
    At<Spanned<OneOrMany>>,
);

/// `[date_order] header = order`, each part with its source.
type DateOrderEntry = (At<Spanned<String>>, At<Spanned<String>>);
/// `[tables] TABLE = name`, each part with its source.
type TableOverride = (At<Spanned<String>>, At<Spanned<raw::TableName>>);

#[derive(Default)]
struct Merged {
    name: Option<String>,
    description: Option<String>,
    bands: Option<At<Spanned<Vec<RawBand>>>>,
    classes: BTreeMap<String, MergedClass>,
    class_order: Vec<String>,
    roles: Option<At<Spanned<Vec<RawRole>>>>,
    facts: Vec<(String, At<Spanned<RawFact>>)>,
    columns: Vec<ColumnOverride>,
    date_orders: Vec<DateOrderEntry>,
    tables: Vec<TableOverride>,
    rules: Vec<MergedRule>,
}

fn load_layers(sources: Vec<Source>, user_layer: bool) -> Result<RuleSet, ConfigError> {
    let mut merged = Merged::default();
    for (src, source) in sources.iter().enumerate() {
        let raw = parse(source)?;
        merge_layer(&mut merged, raw, src, &sources)?;
    }
    let origin = match sources.as_slice() {
        [only] => only.label.clone(),
        [.., last] => format!("{} (extends {})", last.label, sources[0].label),
        [] => unreachable!("at least one source"),
    };
    let mut rs = compile(merged, &sources, origin)?;
    rs.sources = sources;
    rs.user_layer = user_layer;
    Ok(rs)
}

fn merge_layer(
    m: &mut Merged,
    raw: raw::RawRuleSet,
    src: usize,
    sources: &[Source],
) -> Result<(), ConfigError> {
    let source = &sources[src];
    if raw.name.is_some() {
        m.name = raw.name;
    }
    if raw.description.is_some() {
        m.description = raw.description;
    }
    if let Some(b) = raw.band {
        m.bands = Some(At { v: b, src });
    }
    if let Some(r) = raw.role {
        m.roles = Some(At { v: r, src });
    }
    for (name, class) in raw.classes.unwrap_or_default() {
        let span = class.span();
        let RawClass { why, keywords, add } = class.into_inner();
        if keywords.is_some() && add.is_some() {
            return Err(ConfigError::at(
                source,
                span,
                format!(
                    "class '{name}' has both `match` and `add`: `match` replaces the keywords, `add` extends them; use one"
                ),
            ));
        }
        let entry = m.classes.entry(name.clone()).or_insert_with(|| {
            m.class_order.push(name.clone());
            (None, Vec::new(), src)
        });
        if why.is_some() {
            entry.0 = why;
        }
        if let Some(k) = keywords {
            entry.1 = k.into_iter().map(|v| At { v, src }).collect();
        } else if let Some(a) = add {
            if entry.1.is_empty() && entry.2 == src {
                return Err(ConfigError::at(
                    source,
                    span,
                    format!(
                        "class '{name}' uses `add` but no base class of that name exists; use `match`"
                    ),
                ));
            }
            entry.1.extend(a.into_iter().map(|v| At { v, src }));
        } else if entry.1.is_empty() {
            return Err(ConfigError::at(
                source,
                span,
                format!("class '{name}' has no keywords: give `match = [...]`"),
            ));
        }
        entry.2 = src;
    }
    for (name, fact) in raw.facts.unwrap_or_default() {
        m.facts.retain(|(n, _)| *n != name);
        m.facts.push((name, At { v: fact, src }));
    }
    for (table, fields) in raw.columns.unwrap_or_default() {
        for (field, headers) in fields {
            m.columns.push((
                At {
                    v: table.clone(),
                    src,
                },
                At { v: field, src },
                At { v: headers, src },
            ));
        }
    }
    for (header, order) in raw.date_order.unwrap_or_default() {
        m.date_orders
            .push((At { v: header, src }, At { v: order, src }));
    }
    for (table, name) in raw.tables.unwrap_or_default() {
        m.tables.retain(|(t, _)| t.v.get_ref() != table.get_ref());
        m.tables.push((At { v: table, src }, At { v: name, src }));
    }
    let mut seen_here: HashMap<String, Range<usize>> = HashMap::new();
    for rule in raw.rule.unwrap_or_default() {
        let span = rule.span();
        let rule = rule.into_inner();
        let id = rule.id.get_ref().clone();
        if let Some(first) = seen_here.get(&id) {
            let (line, col) = error::line_col(&source.text, first.start);
            return Err(ConfigError::at(
                source,
                rule.id.span(),
                format!("duplicate rule id '{id}' (first defined at line {line}, column {col})"),
            ));
        }
        seen_here.insert(id.clone(), rule.id.span());
        if !valid_id(&id) {
            return Err(ConfigError::at(
                source,
                rule.id.span(),
                format!("rule id '{id}' must be lower-case letters, digits and dashes"),
            ));
        }
        match m.rules.iter_mut().find(|r| *r.id.v.get_ref() == id) {
            Some(existing) => existing.apply(rule, src),
            None => {
                let _ = span;
                let mut new = MergedRule::new(At {
                    v: rule.id.clone(),
                    src,
                });
                new.apply(rule, src);
                m.rules.push(new);
            }
        }
    }
    Ok(())
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
}

struct Compiler<'a> {
    sources: &'a [Source],
    classes: Vec<KeywordClass>,
    metrics: Vec<Metric>,
}

impl Compiler<'_> {
    fn err(&self, src: usize, span: Range<usize>, msg: impl Into<String>) -> ConfigError {
        ConfigError::at(&self.sources[src], span, msg)
    }

    fn class(&self, src: usize, name: &Spanned<String>) -> Result<ClassId, ConfigError> {
        self.classes
            .iter()
            .position(|c| c.name == *name.get_ref())
            .ok_or_else(|| {
                let known: Vec<&str> = self.classes.iter().map(|c| c.name.as_str()).collect();
                self.err(
                    src,
                    name.span(),
                    format!(
                        "unknown class '{}', expected one of: {}",
                        name.get_ref(),
                        known.join(", ")
                    ),
                )
            })
    }

    fn table(&self, src: usize, name: &Spanned<String>) -> Result<Table, ConfigError> {
        Table::from_name(name.get_ref()).ok_or_else(|| {
            let known: Vec<&str> = Table::ALL.iter().map(|t| t.name()).collect();
            self.err(
                src,
                name.span(),
                format!(
                    "unknown table '{}', expected one of: {}",
                    name.get_ref(),
                    known.join(", ")
                ),
            )
        })
    }

    fn field(
        &self,
        src: usize,
        table: Table,
        name: &str,
        span: Range<usize>,
    ) -> Result<FieldId, ConfigError> {
        table.field(name).ok_or_else(|| {
            let known: Vec<&str> = table.fields().iter().map(|f| f.name).collect();
            self.err(
                src,
                span,
                format!(
                    "unknown field '{name}' in table {table}, expected one of: {}",
                    known.join(", ")
                ),
            )
        })
    }

    fn filters(
        &self,
        src: usize,
        table: Table,
        raw: &Option<Vec<Spanned<RawFilter>>>,
    ) -> Result<Vec<Filter>, ConfigError> {
        let mut out = Vec::new();
        for f in raw.iter().flatten() {
            let span = f.span();
            let f = f.get_ref();
            let names = f.field.get_ref().to_vec();
            if names.is_empty() {
                return Err(self.err(src, f.field.span(), "a filter needs at least one field"));
            }
            let fields = names
                .iter()
                .map(|n| self.field(src, table, n, f.field.span()))
                .collect::<Result<Vec<_>, _>>()?;
            let mut ops = Vec::new();
            if let Some(v) = &f.is_in {
                ops.push(FilterOp::In(
                    v.iter().map(|s| s.trim().to_lowercase()).collect(),
                ));
            }
            if let Some(v) = &f.not_in {
                ops.push(FilterOp::NotIn(
                    v.iter().map(|s| s.trim().to_lowercase()).collect(),
                ));
            }
            if let Some(c) = &f.matches {
                ops.push(FilterOp::Matches(self.class(src, c)?));
            }
            if let Some(c) = &f.not_matches {
                ops.push(FilterOp::NotMatches(self.class(src, c)?));
            }
            if let Some(p) = f.present {
                ops.push(FilterOp::Present(p));
            }
            if let Some(b) = f.is {
                for (id, n) in fields.iter().zip(&names) {
                    if table.def(*id).kind != FieldKind::Bool {
                        return Err(self.err(
                            src,
                            f.field.span(),
                            format!("`is` compares booleans, but {table}.{n} is not a boolean"),
                        ));
                    }
                }
                ops.push(FilterOp::Is(b));
            }
            if ops.len() != 1 {
                return Err(self.err(
                    src,
                    span,
                    "a filter needs exactly one of: in, not_in, matches, not_matches, present, is",
                ));
            }
            let op = ops.pop().expect("one op");
            out.push(Filter { fields, op });
        }
        Ok(out)
    }

    fn metric(&mut self, src: usize, raw: &Spanned<RawMetric>) -> Result<MetricId, ConfigError> {
        let span = raw.span();
        let r = raw.get_ref();
        let table = self.table(src, &r.table)?;
        if table == Table::DealCompetitors {
            return Err(self.err(
                src,
                r.table.span(),
                "deal-competitors is not measured on its own: it fills in deals.competitor, so write the metric over deals",
            ));
        }
        let aggregate = Aggregate::ALL
            .iter()
            .find(|(n, _)| *n == r.aggregate.get_ref())
            .map(|(_, a)| *a)
            .ok_or_else(|| {
                let known: Vec<&str> = Aggregate::ALL.iter().map(|(n, _)| *n).collect();
                self.err(
                    src,
                    r.aggregate.span(),
                    format!(
                        "unknown metric aggregate '{}', expected one of: {}",
                        r.aggregate.get_ref(),
                        known.join(", ")
                    ),
                )
            })?;
        let need = |present: bool, what: &str| -> Result<(), ConfigError> {
            if present {
                Ok(())
            } else {
                Err(self.err(
                    src,
                    span.clone(),
                    format!("aggregate '{}' needs `{what}`", aggregate.name()),
                ))
            }
        };
        match aggregate {
            Aggregate::Distinct => need(r.field.is_some(), "field")?,
            Aggregate::Share => need(r.of.is_some(), "of")?,
            Aggregate::Ratio => {
                need(r.of.is_some(), "of")?;
                need(r.per.is_some(), "per")?;
            }
            Aggregate::Median | Aggregate::Max => need(r.duration.is_some(), "duration")?,
            Aggregate::Percentile => {
                need(r.duration.is_some(), "duration")?;
                need(r.percentile.is_some(), "percentile")?;
            }
            Aggregate::ShareWithin => {
                need(r.duration.is_some(), "duration")?;
                need(r.threshold.is_some(), "threshold")?;
            }
            Aggregate::FollowedBy => need(r.followed_by.is_some(), "followed_by")?,
            Aggregate::Count | Aggregate::DaysSinceLast | Aggregate::DaysSinceFirst => {}
        }
        let date_name = r
            .date
            .as_ref()
            .map_or(table.default_date(), |d| d.get_ref().as_str());
        let date_span = r.date.as_ref().map_or(span.clone(), |d| d.span());
        let date = self.field(src, table, date_name, date_span.clone())?;
        if table.def(date).kind != FieldKind::Date {
            return Err(self.err(src, date_span, format!("{table}.{date_name} is not a date")));
        }
        let window_days = match &r.within_days {
            Some(w) if *w.get_ref() <= 0 || *w.get_ref() > 36_500 => {
                return Err(self.err(src, w.span(), "within_days must be between 1 and 36500"));
            }
            Some(w) => Some(*w.get_ref()),
            None => None,
        };
        let field = match &r.field {
            Some(f) => Some(self.field(src, table, f.get_ref(), f.span())?),
            None => None,
        };
        let duration = match &r.duration {
            Some(d) => {
                let dspan = d.span();
                let d = d.get_ref();
                let end = |s: &Spanned<String>| -> Result<DurationEnd, ConfigError> {
                    if s.get_ref() == "as-of" {
                        return Ok(DurationEnd::AsOf);
                    }
                    let id = self.field(src, table, s.get_ref(), s.span())?;
                    if table.def(id).kind != FieldKind::Date {
                        return Err(self.err(
                            src,
                            s.span(),
                            format!("{table}.{} is not a date", s.get_ref()),
                        ));
                    }
                    Ok(DurationEnd::Field(id))
                };
                let from = end(&d.from)?;
                let to = end(&d.to)?;
                if from == DurationEnd::AsOf {
                    return Err(self.err(src, d.from.span(), "a duration starts at a date field"));
                }
                let unit = match d.unit.as_ref().map(|u| u.get_ref().as_str()) {
                    None | Some("days") => Unit::Days,
                    Some("hours") => Unit::Hours,
                    Some("minutes") => Unit::Minutes,
                    Some(other) => {
                        return Err(self.err(
                            src,
                            d.unit.as_ref().map_or(dspan.clone(), |u| u.span()),
                            format!(
                                "unknown unit '{other}', expected one of: minutes, hours, days"
                            ),
                        ));
                    }
                };
                let open_until_as_of = match d.open.as_ref().map(|o| o.get_ref().as_str()) {
                    None | Some("skip") => false,
                    Some("as-of") => true,
                    Some(other) => {
                        return Err(self.err(
                            src,
                            d.open.as_ref().map_or(dspan, |o| o.span()),
                            format!(
                                "unknown value '{other}' for open, expected one of: skip, as-of"
                            ),
                        ));
                    }
                };
                Some(Duration {
                    from,
                    to,
                    unit,
                    open_until_as_of,
                })
            }
            None => None,
        };
        let percentile = match &r.percentile {
            Some(p) if !(p.get_ref() > &0.0 && p.get_ref() <= &100.0) => {
                return Err(self.err(src, p.span(), "percentile must be above 0 and at most 100"));
            }
            Some(p) => *p.get_ref(),
            None => 50.0,
        };
        let threshold = match &r.threshold {
            Some(t) if !t.get_ref().is_finite() => {
                return Err(self.err(src, t.span(), "threshold must be a finite number"));
            }
            Some(t) => *t.get_ref(),
            None => 0.0,
        };
        let followed_by = match &r.followed_by {
            Some(fb) => {
                let fbr = fb.get_ref();
                let ft = self.table(src, &fbr.table)?;
                if ft == Table::DealCompetitors {
                    return Err(self.err(
                        src,
                        fbr.table.span(),
                        "deal-competitors fills in deals.competitor and cannot follow up a row",
                    ));
                }
                if ft <= table {
                    return Err(self.err(
                        src,
                        fbr.table.span(),
                        format!(
                            "followed_by must name a table read after {table}: one of {}",
                            Table::ALL
                                .iter()
                                .filter(|t| **t > table)
                                .map(|t| t.name())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    ));
                }
                let w = *fbr.within_days.get_ref();
                if !(1..=36_500).contains(&w) {
                    return Err(self.err(
                        src,
                        fbr.within_days.span(),
                        "within_days must be between 1 and 36500",
                    ));
                }
                Some(FollowedBy {
                    table: ft,
                    window_days: w,
                    filter: self.filters(src, ft, &fbr.filter)?,
                })
            }
            None => None,
        };
        let metric = Metric {
            table,
            aggregate,
            filter: self.filters(src, table, &r.filter)?,
            of: self.filters(src, table, &r.of)?,
            per: self.filters(src, table, &r.per)?,
            window_days,
            date,
            field,
            values: r
                .values
                .clone()
                .unwrap_or_default()
                .into_iter()
                .map(|v| v.trim().to_lowercase())
                .collect(),
            duration,
            percentile,
            threshold,
            followed_by,
        };
        self.metrics.push(metric);
        Ok(self.metrics.len() - 1)
    }
}

fn compile(m: Merged, sources: &[Source], origin: String) -> Result<RuleSet, ConfigError> {
    let last = sources.len() - 1;
    let mut c = Compiler {
        sources,
        classes: Vec::new(),
        metrics: Vec::new(),
    };
    for name in &m.class_order {
        let (why, keywords, src) = &m.classes[name];
        if keywords.len() > MAX_KEYWORDS_PER_CLASS {
            let at = &keywords[MAX_KEYWORDS_PER_CLASS];
            return Err(c.err(
                at.src,
                at.v.span(),
                format!("class '{name}' has {} keywords; a class holds at most {MAX_KEYWORDS_PER_CLASS}", keywords.len()),
            ));
        }
        let words: Vec<String> = keywords.iter().map(|k| k.v.get_ref().clone()).collect();
        let class = KeywordClass::new(name, why.clone(), &words).map_err(|msg| {
            let at = &keywords[0];
            c.err(at.src, at.v.span(), msg)
        });
        let _ = src;
        c.classes.push(class?);
    }
    // Bands: best first, unique names, a band that starts at 0.
    let bands = match &m.bands {
        Some(b) => {
            let mut bands: Vec<Band> =
                b.v.get_ref()
                    .iter()
                    .map(|r| Band {
                        name: r.name.clone(),
                        min: *r.min.get_ref(),
                        why: r.why.clone(),
                    })
                    .collect();
            for r in b.v.get_ref() {
                if !(0.0..=100.0).contains(r.min.get_ref()) {
                    return Err(c.err(
                        b.src,
                        r.min.span(),
                        "a band's min must be between 0 and 100",
                    ));
                }
            }
            bands.sort_by(|a, b| b.min.total_cmp(&a.min));
            for pair in bands.windows(2) {
                if pair[0].min == pair[1].min {
                    let second =
                        b.v.get_ref()
                            .iter()
                            .filter(|r| *r.min.get_ref() == pair[0].min)
                            .nth(1)
                            .map_or(b.v.span(), |r| r.min.span());
                    return Err(c.err(
                        b.src,
                        second,
                        format!(
                            "bands '{}' and '{}' both start at {}: one of them could never be reached",
                            pair[0].name, pair[1].name, pair[0].min
                        ),
                    ));
                }
            }
            let names: std::collections::HashSet<&str> =
                bands.iter().map(|b| b.name.as_str()).collect();
            if names.len() != bands.len() {
                return Err(c.err(b.src, b.v.span(), "two bands have the same name"));
            }
            if bands.last().is_none_or(|l| l.min != 0.0) {
                return Err(c.err(
                    b.src,
                    b.v.span(),
                    "the lowest band must start at min = 0 so every score has a band",
                ));
            }
            bands
        }
        None => return Err(c.err(last, 0..0, "the rule set defines no bands ([[band]])")),
    };
    let band_index = |c: &Compiler, at: &At<Spanned<String>>| -> Result<usize, ConfigError> {
        bands
            .iter()
            .position(|b| b.name == *at.v.get_ref())
            .ok_or_else(|| {
                let known: Vec<&str> = bands.iter().map(|b| b.name.as_str()).collect();
                c.err(
                    at.src,
                    at.v.span(),
                    format!(
                        "unknown band '{}', expected one of: {}",
                        at.v.get_ref(),
                        known.join(", ")
                    ),
                )
            })
    };

    let mut roles = Vec::new();
    if let Some(r) = &m.roles {
        if r.v.get_ref().len() > MAX_ROLES {
            return Err(c.err(
                r.src,
                r.v.span(),
                format!("too many roles: a rule set holds at most {MAX_ROLES}"),
            ));
        }
        for role in r.v.get_ref() {
            roles.push(Role {
                name: role.name.clone(),
                class: c.class(r.src, &role.class)?,
            });
        }
    }

    let mut facts = Vec::new();
    for (name, f) in &m.facts {
        let mut any = Vec::new();
        for metric in &f.v.get_ref().any {
            any.push(c.metric(f.src, metric)?);
        }
        if any.is_empty() {
            return Err(c.err(
                f.src,
                f.v.span(),
                format!("fact '{name}' has no metrics in `any`"),
            ));
        }
        facts.push(Fact {
            name: name.clone(),
            why: f.v.get_ref().why.clone(),
            any,
        });
    }

    let mut columns: HashMap<(Table, FieldId), Vec<String>> = HashMap::new();
    let mut column_names: HashMap<(Table, FieldId), Vec<String>> = HashMap::new();
    for (table, field, headers) in &m.columns {
        let t = c.table(table.src, &table.v)?;
        let f = c.field(field.src, t, field.v.get_ref(), field.v.span())?;
        if t.def(f).headers.is_empty() {
            return Err(c.err(
                field.src,
                field.v.span(),
                format!(
                    "{t}.{} is derived, not read from a column",
                    field.v.get_ref()
                ),
            ));
        }
        let list = headers.v.get_ref().to_vec();
        if list.iter().any(|h| h.trim().is_empty()) {
            return Err(c.err(
                headers.src,
                headers.v.span(),
                "a header name cannot be empty",
            ));
        }
        columns.insert(
            (t, f),
            list.iter().map(|h| h.trim().to_lowercase()).collect(),
        );
        column_names.insert((t, f), list.iter().map(|h| h.trim().to_string()).collect());
    }

    let mut tables = HashMap::new();
    for (table, name) in &m.tables {
        let t = c.table(table.src, &table.v)?;
        let source = match name.v.get_ref() {
            raw::TableName::Name(n) if n.trim().is_empty() => {
                return Err(c.err(
                    name.src,
                    name.v.span(),
                    "a table name cannot be empty (write `false` when there is no such table)",
                ));
            }
            raw::TableName::Name(n) => TableSource::Named(n.trim().to_string()),
            raw::TableName::Present(true) => TableSource::Named(t.sql_name().to_string()),
            raw::TableName::Present(false) => TableSource::Absent,
        };
        if t == Table::Accounts && source == TableSource::Absent {
            return Err(c.err(
                name.src,
                name.v.span(),
                "the accounts table cannot be absent: every score is per account",
            ));
        }
        tables.insert(t, source);
    }

    if m.rules.len() > MAX_RULES {
        let r = &m.rules[MAX_RULES];
        return Err(c.err(
            r.id.src,
            r.id.v.span(),
            format!("too many rules: a rule set holds at most {MAX_RULES}"),
        ));
    }
    let mut date_orders = HashMap::new();
    for (header, order) in &m.date_orders {
        let parsed = DateOrder::from_name(order.v.get_ref()).ok_or_else(|| {
            c.err(
                order.src,
                order.v.span(),
                format!(
                    "unknown date order '{}', expected one of: day-first, month-first",
                    order.v.get_ref()
                ),
            )
        })?;
        if header.v.get_ref().trim().is_empty() {
            return Err(c.err(header.src, header.v.span(), "a header name cannot be empty"));
        }
        date_orders.insert(header.v.get_ref().trim().to_lowercase(), parsed);
    }

    let mut rules = Vec::new();
    for r in &m.rules {
        let id = r.id.v.get_ref().clone();
        let metric = match r.metric.as_ref() {
            Some(at) => c.metric(at.src, &at.v)?,
            None => {
                return Err(c.err(r.id.src, r.id.v.span(), format!("rule '{id}' has no `metric` (a new rule needs metric, curve, title and action)")));
            }
        };
        let missing = |what: &str| {
            c.err(
                r.id.src,
                r.id.v.span(),
                format!(
                    "rule '{id}' has no `{what}` (a new rule needs metric, curve, title and action)"
                ),
            )
        };
        let better = r.better_value.ok_or_else(|| missing("curve.better"))?;
        let full = r.full.as_ref().ok_or_else(|| missing("curve.full"))?;
        let zero = r.zero.as_ref().ok_or_else(|| missing("curve.zero"))?;
        let (fv, zv) = (*full.v.get_ref(), *zero.v.get_ref());
        if !fv.is_finite() || !zv.is_finite() {
            return Err(c.err(
                full.src,
                full.v.span(),
                "curve thresholds must be finite numbers",
            ));
        }
        let reversed = match better {
            Better::Lower => fv >= zv,
            Better::Higher => fv <= zv,
        };
        if reversed {
            let at = r
                .better
                .as_ref()
                .map_or((full.src, full.v.span()), |b| (b.src, b.v.clone()));
            let dir = if better == Better::Lower {
                "below"
            } else {
                "above"
            };
            return Err(c.err(
                at.0,
                at.1,
                format!(
                    "rule '{id}': with better = \"{}\", full ({fv}) must be {dir} zero ({zv})",
                    if better == Better::Lower {
                        "lower"
                    } else {
                        "higher"
                    }
                ),
            ));
        }
        let weight = match &r.weight {
            Some(w)
                if !(*w.v.get_ref() > 0.0
                    && w.v.get_ref().is_finite()
                    && *w.v.get_ref() <= 1000.0) =>
            {
                return Err(c.err(w.src, w.v.span(), format!("rule '{id}': weight must be above 0 and at most 1000 (leave it out for a rule that only raises actions)")));
            }
            Some(w) => Some(*w.v.get_ref()),
            None => None,
        };
        let applies_to = match &r.applies_to {
            Some(a) => Some(
                facts
                    .iter()
                    .position(|f| f.name == *a.v.get_ref())
                    .ok_or_else(|| {
                        let known: Vec<&str> = facts.iter().map(|f| f.name.as_str()).collect();
                        c.err(
                            a.src,
                            a.v.span(),
                            format!(
                                "unknown fact '{}', expected one of: {}",
                                a.v.get_ref(),
                                known.join(", ")
                            ),
                        )
                    })?,
            ),
            None => None,
        };
        let when_band = r
            .when_band
            .iter()
            .flatten()
            .map(|b| band_index(&c, b))
            .collect::<Result<Vec<_>, _>>()?;
        let cap_band = r.cap_band.as_ref().map(|b| band_index(&c, b)).transpose()?;
        let contact = match &r.contact {
            None => ContactPick::Evidence,
            Some(at) => match at.v.get_ref().as_str() {
                "evidence" => ContactPick::Evidence,
                "primary" => ContactPick::Primary,
                "missing" => ContactPick::Missing,
                other => match roles.iter().position(|role| role.name == other) {
                    Some(i) => ContactPick::Role(i),
                    None => {
                        let mut known = vec!["evidence", "primary", "missing"];
                        known.extend(roles.iter().map(|r| r.name.as_str()));
                        return Err(c.err(
                            at.src,
                            at.v.span(),
                            format!(
                                "unknown contact '{other}', expected one of: {}",
                                known.join(", ")
                            ),
                        ));
                    }
                },
            },
        };
        let due_days = match &r.due_days {
            Some(d) if !(0..=3650).contains(d.v.get_ref()) => {
                return Err(c.err(d.src, d.v.span(), "due_days must be between 0 and 3650"));
            }
            Some(d) => *d.v.get_ref(),
            None => 7,
        };
        let action_at = r.action.as_ref().ok_or_else(|| missing("action"))?;
        let action = parse_template(action_at.v.get_ref()).map_err(|msg| {
            c.err(
                action_at.src,
                action_at.v.span(),
                format!("rule '{id}': {msg}"),
            )
        })?;
        let action_if_none = match &r.action_if_none {
            Some(at) => Some(
                parse_template(at.v.get_ref())
                    .map_err(|msg| c.err(at.src, at.v.span(), format!("rule '{id}': {msg}")))?,
            ),
            None => None,
        };
        let title = r.title.clone().ok_or_else(|| missing("title"))?;
        rules.push(Rule {
            element: r.element.clone().unwrap_or_default(),
            title,
            why: r.why.clone().unwrap_or_default().trim().to_string(),
            enabled: r.enabled.unwrap_or(true),
            metric,
            curve: Curve {
                better,
                full: fv,
                zero: zv,
            },
            weight,
            if_none: r.if_none.unwrap_or(IfNone::NotAssessed),
            applies_to,
            when_band,
            cap_band,
            flag: r.flag.clone(),
            contact,
            due_days,
            action,
            action_if_none,
            id,
        });
    }

    Ok(RuleSet {
        origin,
        name: m.name,
        description: m.description,
        bands,
        classes: c.classes,
        roles,
        facts,
        metrics: c.metrics,
        rules,
        columns,
        date_orders,
        sources: Vec::new(),
        user_layer: false,
        column_names,
        tables,
    })
}

/// Splits `Call {contact} about {count} cases` into text and variables.
pub fn parse_template(s: &str) -> Result<Template, String> {
    let mut pieces = Vec::new();
    let mut rest = s;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            pieces.push(Piece::Text(rest[..open].to_string()));
        }
        let after = &rest[open + 1..];
        let close = after
            .find('}')
            .ok_or_else(|| "unclosed `{` in action".to_string())?;
        let name = &after[..close];
        let var = Var::ALL
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| *v)
            .ok_or_else(|| {
                let known: Vec<&str> = Var::ALL.iter().map(|(n, _)| *n).collect();
                format!(
                    "unknown placeholder {{{name}}} in action, expected one of: {}",
                    known.join(", ")
                )
            })?;
        pieces.push(Piece::Var(var));
        rest = &after[close + 1..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest.to_string()));
    }
    Ok(Template {
        source: s.to_string(),
        pieces,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_rule_set_compiles_with_the_stable_ids() {
        let rs = RuleSet::builtin().unwrap();
        let ids: Vec<&str> = rs.rules.iter().map(|r| r.id.as_str()).collect();
        for id in [
            "relate",
            "prepare",
            "respect-time",
            "truth",
            "enable-use",
            "show-profit",
            "show-value",
            "easy-business",
            "service-available",
            "friendly",
            "respond-quickly",
            "deliver-on-time",
            "have-answers",
            "stay-in-touch",
            "inform-changes",
            "keep-promises",
            "partner",
            "serve-after-sale",
            "price-loss",
            "contact-recency",
            "complaint-resolution",
            "complaint-follow-up",
            "buyer-and-gatekeeper",
            "competitor-present",
            "personal-not-business",
            "expansion-ready",
        ] {
            assert!(ids.contains(&id), "missing rule {id}");
        }
        for r in &rs.rules {
            assert!(!r.why.is_empty(), "{} has no why", r.id);
            assert!(!r.title.is_empty(), "{} has no title", r.id);
            assert!(!r.element.is_empty(), "{} has no element", r.id);
        }
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), ids.len(), "rule ids are unique");
        assert_eq!(rs.bands[0].name, "loyal");
        assert_eq!(rs.bands.last().unwrap().name, "no-relationship");
    }

    #[test]
    fn templates_split_into_text_and_variables() {
        let t = parse_template("Call {contact} about {count} cases").unwrap();
        assert_eq!(t.pieces.len(), 5);
        assert!(parse_template("Call {who}").unwrap_err().contains("{who}"));
        assert!(parse_template("Call {contact").is_err());
    }
}
