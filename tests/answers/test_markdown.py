from html.parser import HTMLParser

import pytest

from askdoc.markdown import render_markdown


class _Elements(HTMLParser):
    """Collects the elements and attributes a browser would build from the HTML."""

    def __init__(self, html):
        super().__init__()
        self.elements = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def test_headings_lists_and_paragraphs_render():
    html = render_markdown("# Title\n\nText\n\n1. one\n2. two")
    assert "<h2>Title</h2>" in html
    assert "<p>Text</p>" in html
    assert "<ol>" in html and "<li>one</li>" in html


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        "[click](javascript:alert(1))",
        '<img src=x onerror="alert(1)">',
        '<iframe src="https://evil.example"></iframe>',
        '<a href="#" onclick="steal()">x</a>',
        "<svg onload=alert(1)>",
    ],
)
def test_raw_html_and_scripts_are_harmless(source):
    elements = _Elements(render_markdown(source)).elements
    assert {tag for tag, _attrs in elements} <= {"p"}
    for _tag, attrs in elements:
        assert not any(name.startswith("on") for name in attrs)
        assert not any("javascript" in (value or "") for value in attrs.values())


def test_markdown_link_with_javascript_scheme_is_not_a_link():
    elements = _Elements(render_markdown("[click](javascript:alert(1)) and <javascript:alert(1)>")).elements
    assert all(tag != "a" for tag, _attrs in elements)


def test_links_get_safe_rel():
    html = render_markdown("[clinic](https://example.com)")
    assert 'href="https://example.com"' in html
    assert "nofollow" in html and "noopener" in html
