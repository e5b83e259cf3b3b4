//! `ratio`: rows that pass `of` per row that passes `per`, over the rows that
//! pass either.

use super::{Fingerprint, FoldRow, Parts, Primitive, Sql, Unfit, Words};
use crate::metrics::{Evidence, MetricValue};
use crate::rules::describe::filters;
use crate::spec::Filter;
use crate::warehouse::query::{Query, Res};

#[derive(Debug, Clone)]
pub struct Ratio {
    pub of: Vec<Filter>,
    pub per: Vec<Filter>,
}

impl Primitive for Ratio {
    const NAME: &'static str = "ratio";
    type State = ();

    fn compile(p: &mut Parts) -> Result<Self, Unfit> {
        Ok(Ratio {
            of: p.of()?,
            per: p.per()?,
        })
    }

    fn row_filters(&self) -> Vec<&[Filter]> {
        vec![&self.of, &self.per]
    }

    fn fingerprint<'a>(&'a self, p: &mut Fingerprint<'a>) {
        p.of = &self.of;
        p.per = &self.per;
    }

    #[inline]
    fn fold<R: FoldRow>(&self, row: &mut R, ev: &mut Evidence, _: &mut ()) -> bool {
        let of = row.passes(0);
        let per = row.passes(1);
        if !(of || per) {
            return false;
        }
        ev.count += per as u32;
        ev.hits += of as u32;
        true
    }

    fn finish(&self, _: &(), _: i64, out: &mut MetricValue) {
        out.value = super::ratio(out.hits, out.count);
    }

    fn describe(&self, w: &Words) -> String {
        format!(
            "over {}: rows where {} per row where {}",
            w.rows,
            filters(w.rules, w.table, &self.of),
            filters(w.rules, w.table, &self.per)
        )
    }

    fn write_value(&self, out: &mut String, v: f64) {
        out.push_str(&format!("{v:.2}"));
    }

    fn sql_rows(&self, q: &Query, s: &mut Sql) -> Res<()> {
        let of = q.all(s.table, &self.of, s.owner)?;
        let per = q.all(s.table, &self.per, s.owner)?;
        s.conds.push(format!("({of} OR {per})"));
        s.cols
            .push(format!("CASE WHEN {of} THEN 1 ELSE 0 END AS k_hit"));
        s.cols
            .push(format!("CASE WHEN {per} THEN 1 ELSE 0 END AS k_per"));
        Ok(())
    }

    fn sql_group(&self, _: &mut Query, s: &mut Sql) -> Res<()> {
        s.aggs.push("SUM(m.k_per) AS n_rows".into());
        s.aggs.push("SUM(m.k_hit) AS n_hits".into());
        Ok(())
    }

    fn sql_value(&self, q: &Query, g: &str) -> String {
        q.ratio(g)
    }
}
