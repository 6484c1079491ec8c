#!/usr/bin/env python3
"""The Debian changelog (debian/changelog form) of the mailaudit package, made from
CHANGELOG.md (Keep a Changelog form): one entry per released section, newest first,
each item a "*" line, the section's heading ("Added", "Fixed") before its items.
    scripts/debian-changelog.py CHANGELOG.md > changelog
Only released sections ("## [X.Y.Z] - YYYY-MM-DD") are taken; "Unreleased" is not."""
import datetime
import re
import sys
import textwrap

MAINTAINER = "mailaudit maintainers <mailaudit@example.org>"


def sections(text):
    """(version, date, [(heading, [item])]) for each released section."""
    out = []
    for block in re.split(r"^## ", text, flags=re.M)[1:]:
        head, _, body = block.partition("\n")
        match = re.match(r"\[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$", head.strip())
        if not match:
            continue
        groups, heading, item = [], None, None
        for line in body.splitlines():
            if line.startswith("### "):
                heading = line[4:].strip()
                groups.append((heading, []))
            elif line.startswith("- "):
                if not groups:
                    groups.append(("Changed", []))
                groups[-1][1].append(line[2:].strip())
            elif line.startswith("  ") and groups and groups[-1][1]:
                groups[-1][1][-1] += " " + line.strip()
        out.append((match.group(1), match.group(2), groups))
    return out


def plain(text):
    """Markdown to the changelog's plain text: no backquotes, links as their text."""
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text)
    return text.replace("`", "")


def main():
    text = open(sys.argv[1], encoding="utf-8").read()
    entries = sections(text)
    if not entries:
        sys.exit("debian-changelog: no released section (## [X.Y.Z] - YYYY-MM-DD) in " + sys.argv[1])
    for version, date, groups in entries:
        print(f"mailaudit ({version}) unstable; urgency=medium\n")
        for heading, items in groups:
            print(f"  [ {heading} ]")
            for item in items:
                wrapped = textwrap.wrap(plain(item), width=76, initial_indent="  * ", subsequent_indent="    ")
                print("\n".join(wrapped))
        print()
        day = datetime.datetime.strptime(date, "%Y-%m-%d").replace(tzinfo=datetime.timezone.utc)
        print(f" -- {MAINTAINER}  {day.strftime('%a, %d %b %Y %H:%M:%S +0000')}\n")


main()
