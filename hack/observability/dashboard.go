// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package observability

// The Grafana dashboard model: only the fields the operator's dashboard uses.

// Dashboard is a Grafana dashboard (schema 39).
type Dashboard struct {
	Title         string     `json:"title"`
	UID           string     `json:"uid"`
	Description   string     `json:"description"`
	Tags          []string   `json:"tags"`
	Editable      bool       `json:"editable"`
	GraphTooltip  int        `json:"graphTooltip"`
	Refresh       string     `json:"refresh"`
	SchemaVersion int        `json:"schemaVersion"`
	Time          TimeRange  `json:"time"`
	Timezone      string     `json:"timezone"`
	Templating    Templating `json:"templating"`
	Panels        []Panel    `json:"panels"`
}

// TimeRange is the dashboard's default time range.
type TimeRange struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// Templating holds the dashboard's variables.
type Templating struct {
	List []Variable `json:"list"`
}

// Variable is a dashboard variable: the data source, or a label query.
type Variable struct {
	Name       string     `json:"name"`
	Label      string     `json:"label"`
	Type       string     `json:"type"`
	Query      string     `json:"query"`
	Datasource *Reference `json:"datasource,omitempty"`
	Refresh    int        `json:"refresh,omitempty"`
	IncludeAll bool       `json:"includeAll"`
	Multi      bool       `json:"multi"`
	Hide       int        `json:"hide"`
}

// Reference names a data source through the datasource variable.
type Reference struct {
	Type string `json:"type"`
	UID  string `json:"uid"`
}

// Panel is a row or a visualisation.
type Panel struct {
	ID          int          `json:"id"`
	Type        string       `json:"type"`
	Title       string       `json:"title"`
	Description string       `json:"description,omitempty"`
	GridPos     GridPosition `json:"gridPos"`
	Datasource  *Reference   `json:"datasource,omitempty"`
	Targets     []Target     `json:"targets,omitempty"`
	FieldConfig *FieldConfig `json:"fieldConfig,omitempty"`
	Collapsed   *bool        `json:"collapsed,omitempty"`
	Panels      []Panel      `json:"panels,omitempty"`
}

// GridPosition places a panel on the 24-column grid.
type GridPosition struct {
	H int `json:"h"`
	W int `json:"w"`
	X int `json:"x"`
	Y int `json:"y"`
}

// Target is one PromQL query of a panel.
type Target struct {
	RefID        string     `json:"refId"`
	Expr         string     `json:"expr"`
	LegendFormat string     `json:"legendFormat"`
	Datasource   *Reference `json:"datasource,omitempty"`
	Instant      bool       `json:"instant,omitempty"`
	Format       string     `json:"format,omitempty"`
}

// FieldConfig sets the unit of a panel's values.
type FieldConfig struct {
	Defaults FieldDefaults `json:"defaults"`
}

// FieldDefaults holds the unit and the minimum of the axis.
type FieldDefaults struct {
	Unit string   `json:"unit"`
	Min  *float64 `json:"min,omitempty"`
}

// query is one line of a panel: a PromQL expression and its legend.
type query struct{ expr, legend string }

// panelSpec describes a visualisation before it is laid out.
type panelSpec struct {
	title, description, kind, unit string
	queries                        []query
}

// rowSpec is a titled group of panels.
type rowSpec struct {
	title  string
	panels []panelSpec
}

// datasource is the reference every panel uses.
var datasource = &Reference{Type: "prometheus", UID: "${datasource}"}

// layout places the rows on the grid: each row spans the width, its panels
// share it evenly, three (or fewer) per line.
func layout(rows []rowSpec) []Panel {
	var panels []Panel
	id, y := 1, 0
	for _, row := range rows {
		collapsed := false
		panels = append(panels, Panel{ID: id, Type: "row", Title: row.title, GridPos: GridPosition{H: 1, W: 24, Y: y}, Collapsed: &collapsed})
		id++
		y++
		perLine := min(3, len(row.panels))
		width := 24 / perLine
		for i, spec := range row.panels {
			if i > 0 && i%perLine == 0 {
				y += 8
			}
			panels = append(panels, buildPanel(spec, id, GridPosition{H: 8, W: width, X: (i % perLine) * width, Y: y}))
			id++
		}
		y += 8
	}
	return panels
}

// buildPanel turns a panel description into a Grafana panel.
func buildPanel(spec panelSpec, id int, position GridPosition) Panel {
	zero := 0.0
	panel := Panel{
		ID: id, Type: spec.kind, Title: spec.title, Description: spec.description, GridPos: position,
		Datasource:  datasource,
		FieldConfig: &FieldConfig{Defaults: FieldDefaults{Unit: spec.unit, Min: &zero}},
	}
	if panel.Type == "" {
		panel.Type = "timeseries"
	}
	for i, q := range spec.queries {
		target := Target{RefID: string(rune('A' + i)), Expr: q.expr, LegendFormat: q.legend, Datasource: datasource}
		if panel.Type == "stat" || panel.Type == "table" {
			target.Instant = true
		}
		if panel.Type == "table" {
			target.Format = "table"
		}
		panel.Targets = append(panel.Targets, target)
	}
	return panel
}

// variables are the data source, job and instance pickers.
func variables() Templating {
	return Templating{List: []Variable{
		{Name: "datasource", Label: "Data source", Type: "datasource", Query: "prometheus"},
		{
			Name: "job", Label: "Job", Type: "query", Datasource: datasource, Refresh: 2,
			Query: "label_values(prometheus_operator_reconcile_operations_total, job)",
		},
		{
			Name: "instance", Label: "Instance", Type: "query", Datasource: datasource, Refresh: 2,
			Query: `label_values(prometheus_operator_reconcile_operations_total{job="$job"}, instance)`, IncludeAll: true, Multi: true,
		},
	}}
}

// NewDashboard returns the operator's dashboard.
func NewDashboard() *Dashboard {
	return &Dashboard{
		Title:       "Prometheus Operator",
		UID:         "prometheus-operator-seed",
		Description: "Reconciles, work queues, managed resources, Kubernetes API traffic and resource use of the prometheus-operator (seed-6daed11e).",
		Tags:        []string{"prometheus-operator"},
		Refresh:     "30s", SchemaVersion: 39, Timezone: "utc", GraphTooltip: 1,
		Time:       TimeRange{From: "now-1h", To: "now"},
		Templating: variables(),
		Panels:     layout(dashboardRows()),
	}
}
