//! `distinct`: the number of distinct values of a field (trimmed, ignoring
//! case), optionally among listed values, reporting the listed ones not seen.

use super::{Fingerprint, FoldRow, Parts, Primitive, Sql, Unfit, Words};
use crate::metrics::{Evidence, MetricValue, hash_value};
use crate::model::{FieldId, Table};
use crate::warehouse::dialect::ascii_case_pattern;
use crate::warehouse::query::{Query, Res};

#[derive(Debug, Clone)]
pub struct Distinct {
    pub field: FieldId,
    /// Only these values count (trimmed, lower case); empty for any.
    pub values: Vec<String>,
}

impl Primitive for Distinct {
    const NAME: &'static str = "distinct";
    /// Hashes of the values seen: small sets, searched in order.
    type State = Vec<u64>;

    fn compile(p: &mut Parts) -> Result<Self, Unfit> {
        Ok(Distinct {
            field: p.field()?,
            values: std::mem::take(&mut p.values),
        })
    }

    fn needs(&self, table: Table, out: &mut Vec<(Table, Vec<FieldId>)>) {
        out.push((table, vec![self.field]));
    }

    fn listed(&self) -> &[String] {
        &self.values
    }

    fn fingerprint<'a>(&'a self, p: &mut Fingerprint<'a>) {
        p.field = Some(self.field);
        p.values = &self.values;
    }

    #[inline]
    fn fold<R: FoldRow>(&self, row: &mut R, ev: &mut Evidence, seen: &mut Vec<u64>) -> bool {
        let Some(value) = row.text(self.field) else {
            return false;
        };
        if !self.values.is_empty()
            && !self
                .values
                .iter()
                .any(|v| v.as_bytes().eq_ignore_ascii_case(value))
        {
            return false;
        }
        let h = hash_value(value);
        if !seen.contains(&h) {
            seen.push(h);
        }
        ev.count += 1;
        true
    }

    fn finish(&self, seen: &Vec<u64>, _: i64, out: &mut MetricValue) {
        if !self.values.is_empty() {
            out.missing = self
                .values
                .iter()
                .filter(|v| !seen.contains(&hash_value(v.as_bytes())))
                .cloned()
                .collect();
        }
        out.value = Some(seen.len() as f64);
    }

    fn describe(&self, w: &Words) -> String {
        let field = w.table.def(self.field).name;
        let values = if self.values.is_empty() {
            String::new()
        } else {
            format!(" among {}", self.values.join(", "))
        };
        format!("the number of distinct {field}{values} over {}", w.rows)
    }

    fn write_value(&self, out: &mut String, v: f64) {
        out.push_str(&format!("{v:.0}"));
    }

    fn sql_rows(&self, q: &Query, s: &mut Sql) -> Res<()> {
        let text = q.text_col(s.table, self.field);
        s.conds.push(format!("{text} IS NOT NULL"));
        if !self.values.is_empty() {
            let alternatives: Vec<String> =
                self.values.iter().map(|v| ascii_case_pattern(v)).collect();
            let pattern = q.lit(&format!("^(?:{})$", alternatives.join("|")), s.owner)?;
            s.conds.push(format!(
                "COALESCE({}, FALSE)",
                q.d.regex_contains(&text, &pattern)
            ));
        }
        s.cols
            .push(format!("{} AS k_value", q.d.ascii_lower(&text)));
        Ok(())
    }

    fn sql_group(&self, q: &mut Query, s: &mut Sql) -> Res<()> {
        s.aggs.push("COUNT(*) AS n_rows".into());
        s.aggs.push("0 AS n_hits".into());
        s.aggs.push("COUNT(DISTINCT m.k_value) AS k_agg".into());
        for (i, v) in self.values.iter().enumerate() {
            s.aggs.push(format!(
                "MAX(CASE WHEN m.k_value = {} THEN 1 ELSE 0 END) AS k_has{i}",
                q.lit(v, s.owner)?
            ));
        }
        Ok(())
    }

    fn sql_value(&self, q: &Query, g: &str) -> String {
        format!("CAST(COALESCE({g}.k_agg, 0) AS {})", q.d.double_type())
    }
}
