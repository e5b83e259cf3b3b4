//! `share`: the share of the rows that also pass `of`.

use super::{Fingerprint, FoldRow, Parts, Primitive, Sql, Unfit, Words, ratio};
use crate::metrics::{Evidence, MetricValue};
use crate::rules::describe::filters;
use crate::spec::Filter;
use crate::warehouse::query::{Query, Res};

#[derive(Debug, Clone)]
pub struct Share {
    pub of: Vec<Filter>,
}

impl Primitive for Share {
    const NAME: &'static str = "share";
    type State = ();

    fn compile(p: &mut Parts) -> Result<Self, Unfit> {
        Ok(Share { of: p.of()? })
    }

    fn row_filters(&self) -> Vec<&[Filter]> {
        vec![&self.of]
    }

    fn fingerprint<'a>(&'a self, p: &mut Fingerprint<'a>) {
        p.of = &self.of;
    }

    #[inline]
    fn fold<R: FoldRow>(&self, row: &mut R, ev: &mut Evidence, _: &mut ()) -> bool {
        ev.count += 1;
        if row.passes(0) {
            ev.hits += 1;
        }
        true
    }

    fn finish(&self, _: &(), _: i64, out: &mut MetricValue) {
        out.value = ratio(out.hits, out.count);
    }

    fn describe(&self, w: &Words) -> String {
        format!(
            "the share of {} where {}",
            w.rows,
            filters(w.rules, w.table, &self.of)
        )
    }

    fn write_value(&self, out: &mut String, v: f64) {
        out.push_str(&format!("{:.0}%", v * 100.0));
    }

    fn sql_rows(&self, q: &Query, s: &mut Sql) -> Res<()> {
        let of = q.all(s.table, &self.of, s.owner)?;
        s.cols
            .push(format!("CASE WHEN {of} THEN 1 ELSE 0 END AS k_hit"));
        Ok(())
    }

    fn sql_group(&self, _: &mut Query, s: &mut Sql) -> Res<()> {
        s.aggs.push("COUNT(*) AS n_rows".into());
        s.aggs.push("SUM(m.k_hit) AS n_hits".into());
        Ok(())
    }

    fn sql_value(&self, q: &Query, g: &str) -> String {
        q.ratio(g)
    }
}
