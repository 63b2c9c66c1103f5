// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package yamldoc

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	yaml "go.yaml.in/yaml/v2"
)

// assertSameAsYAMLv2 checks that Marshal and yaml.v2 agree byte for byte.
func assertSameAsYAMLv2(t testing.TB, doc Map) {
	t.Helper()
	native, err := toNative(doc)
	require.NoError(t, err)
	want, err := yaml.Marshal(native)
	require.NoError(t, err)
	got, err := Marshal(doc)
	require.NoError(t, err)
	require.Equal(t, string(want), string(got))
}

// pairList is a Sequence of items with one string, list and number field
// each, written through Fields.
type pairList [][3]string

func (l pairList) Len() int { return len(l) }

func (l pairList) WriteItem(index int, fields *Fields) {
	item := l[index]
	if item[0] == "" && item[1] == "" {
		return
	}
	fields.String(item[0], item[1])
	fields.Strings("values", []string{item[1], item[2]})
	fields.Uint("count", uint64(len(item[2])))
	fields.Int("delta", -int64(len(item[1])))
}

type shoutingRule struct{ name string }

func (r shoutingRule) YAMLMap() Map {
	return Map{}.Add("name", strings.ToUpper(r.name)).Add("enabled", true)
}

func TestMarshalMatchesYAMLv2(t *testing.T) {
	long := strings.Repeat("word ", 30)
	cases := map[string]Map{
		"an empty document is an empty flow mapping": {},
		"plain scalars of every kind are written unquoted": Map{}.
			Add("job_name", "serviceMonitor/default/app/0").
			Add("honor_labels", false).
			Add("sample_limit", int64(1000)).
			Add("modulus", uint64(3)).
			Add("factor", 0.5).
			Add("nothing", nil),
		"strings that look like other types are quoted": Map{}.
			Add("a", "true").Add("b", "1").Add("c", "").Add("d", "1e3").
			Add("e", "null").Add("f", "~").Add("g", "0x1f").Add("h", "2001-12-14").
			Add("i", "1:20").Add("j", ".inf").Add("k", "-").Add("l", "*star"),
		"regexes and replacements keep their exact text": Map{}.
			Add("regex", "$(SHARD);|.+;.+").Add("r2", "(Failed|Succeeded)").
			Add("r3", "Node;(.*)").Add("replacement", "${1}").Add("colon", "a:b").
			Add("hash", "a#b").Add("trailing", "abc:").Add("quote", "it's"),
		"long strings with spaces fold like yaml.v2 at every depth": Map{}.
			Add("top", long).
			Add("nested", Map{}.Add("inner", Map{}.Add("deeper", long))).
			Add("list", []string{long, "short one"}),
		"multi-line strings become literal blocks": Map{}.
			Add("script", "line one\nline two\n").
			Add("list", []any{"a\nb", Map{}.Add("k", "x\ny")}),
		"empty collections are written in flow style": Map{}.
			Add("m", Map{}).Add("s", []string{}).Add("n", []Map(nil)).
			Add("items", []any{Map{}, []string{}}),
		"sequences of mappings and nested sequences keep the layout": Map{}.
			Add("scrape_configs", []Map{
				Map{}.Add("job_name", "a").Add("relabel_configs", []Map{
					Map{}.Add("source_labels", []string{"job"}).Add("target_label", "__tmp"),
				}),
				Map{}.Add("kubernetes_sd_configs", []Map{
					Map{}.Add("role", "pod").Add("namespaces", Map{}.Add("names", []string{"default"})),
				}),
			}).
			Add("matrix", []any{[]string{"a", "b"}, []any{[]string{"c"}}}),
		"go maps are ordered the way yaml.v2 orders them": Map{}.
			Add("labels", map[string]string{"a10": "x", "a2": "y", "B": "z"}).
			Add("params", map[string][]string{"module": {"http_2xx"}, "z": {}}),
		"unusual keys are rendered by yaml.v2": Map{}.
			Add("has space", "v").Add("", "empty key").Add(strings.Repeat("k", 130), "long key").
			Add("true", Map{}.Add("x", 1)),
		"typed values render through their mapping": Map{}.
			Add("rule", shoutingRule{name: "keep"}).
			Add("rules", []any{shoutingRule{name: "a"}}),
		"typed sequences write their fields like mappings": Map{}.
			Add("rules", pairList{{"regex", "(.*)", "x"}, {"", "", ""}, {"has space", "a b", "true"}, {"long", long, ""}}).
			Add("empty", pairList{}).
			Add("nested", []any{pairList{{"a", "b", "c"}}}),
		"raw yaml.v2 values are emitted verbatim": Map{}.
			Add("raw", RawYAML{Value: yaml.MapSlice{{Key: "job_name", Value: "extra"}, {Key: 1, Value: []any{true}}}}),
		"non-ASCII and control characters are escaped like yaml.v2": Map{}.
			Add("unicode", "héllo wörld").Add("tab", "a\tb").Add("nul", "a\x00b").
			Add("invalid", "\xff\xfe"),
	}
	for name, doc := range cases {
		t.Run(name, func(t *testing.T) {
			assertSameAsYAMLv2(t, doc)
		})
	}
}

func TestMarshalRejectsUnsupportedValues(t *testing.T) {
	_, err := Marshal(Map{}.Add("bad", struct{ A int }{A: 1}))
	require.ErrorContains(t, err, "unsupported document value")
}

func TestMarshalIsDeterministic(t *testing.T) {
	doc := Map{}.Add("labels", map[string]string{"b": "1", "a": "2", "c": "3"}).
		Add("sorted", FromStringMap(map[string]int{"z": 1, "w": 2}))
	first, err := Marshal(doc)
	require.NoError(t, err)
	for range 50 {
		again, err := Marshal(doc)
		require.NoError(t, err)
		require.Equal(t, first, again)
	}
	require.Contains(t, string(first), "sorted:\n  w: 2\n  z: 1\n")
}

func TestMapHelpers(t *testing.T) {
	m := Map{}.Add("a", 1).AddIf(false, "skipped", 2).AddIf(true, "b", 3)
	require.Equal(t, []string{"a", "b"}, m.Keys())
	require.True(t, m.Has("b"))
	require.False(t, m.Has("skipped"))
	m = m.Replace("a", 10).Replace("c", 4)
	value, ok := m.Get("a")
	require.True(t, ok)
	require.Equal(t, 10, value)
	require.Equal(t, []string{"a", "b", "c"}, m.Keys())
}

// FuzzMarshalMatchesYAMLv2 builds documents from arbitrary bytes and checks
// that the fast emitter never disagrees with yaml.v2.
func FuzzMarshalMatchesYAMLv2(f *testing.F) {
	f.Add([]byte("seed"), "regex: (a|b)")
	f.Add([]byte{3, 1, 4, 1, 5, 9, 2, 6}, "true")
	f.Add([]byte{0, 0, 7, 200, 13}, strings.Repeat("a b ", 40))
	f.Fuzz(func(t *testing.T, shape []byte, text string) {
		g := &docGenerator{shape: shape, text: text}
		doc := g.mapping(0)
		assertSameAsYAMLv2(t, doc)
	})
}

type docGenerator struct {
	shape []byte
	pos   int
	text  string
}

func (g *docGenerator) next() int {
	if g.pos >= len(g.shape) {
		return 0
	}
	b := g.shape[g.pos]
	g.pos++
	return int(b)
}

var fuzzWords = []string{"job", "a b", "true", "", "x:", "-", "$(SHARD)", "9", "key long " + strings.Repeat("z", 70)}

func (g *docGenerator) str() string {
	n := g.next()
	if n%3 == 0 && g.text != "" {
		start := g.next() % len(g.text)
		return g.text[start:]
	}
	return fuzzWords[n%len(fuzzWords)]
}

func (g *docGenerator) value(depth int) any {
	switch kind := g.next() % 7; {
	case depth > 4 || kind == 0:
		return g.str()
	case kind == 1:
		return g.next()%2 == 0
	case kind == 2:
		return int64(g.next()) - 100
	case kind == 3:
		return g.mapping(depth + 1)
	case kind == 4:
		items := make([]string, g.next()%4)
		for i := range items {
			items[i] = g.str()
		}
		return items
	case kind == 5 && g.next()%3 == 0:
		return pairList{{g.str(), g.str(), g.str()}, {g.str(), g.str(), g.str()}}
	case kind == 5:
		items := make([]any, g.next()%4)
		for i := range items {
			items[i] = g.value(depth + 1)
		}
		return items
	default:
		return map[string]string{g.str(): g.str()}
	}
}

func (g *docGenerator) mapping(depth int) Map {
	size := g.next() % 5
	m := make(Map, 0, size)
	for range size {
		m = m.Add(g.str(), g.value(depth))
	}
	return m
}
