"""The fixed words of a campaign pack, per language: posts, e-mail, talking points, page.

A pack for a variant with ``lang: fr`` is French throughout (issue 12, item 8): every
phrase its templates and posts print comes from here, never from the templates
themselves. French typography: a no-break space before ``:`` ``;`` ``?`` ``!`` and
inside « guillemets ».
"""

from __future__ import annotations

import datetime as dt

from advocacy_kit.batch.pack_words_fr import FRENCH_WORDS

_NB = "\u00a0"

KIT_WORDS: dict[str, dict[str, str]] = {
    "en": {
        # posts
        "topic_post": "Day {n} of {name}: {topic}",
        "blog_post": "Today's blog: “{title}”, by {by}.",
        "guest_blog_post": "Today's guest blog by {by}: “{title}”.",
        "also_post": "Also today: “{title}”, by {by}.",
        "also_post_plain": "Also today: “{title}”.",
        "event_post": "Today on {tag}: {event}",
        "webinar_post": "Join today's webinar: “{title}”, with {with_}.",
        "webinar_post_plain": "Join today's webinar: “{title}”.",
        "theme_post": "{name} {year} starts today. The theme: {theme}",
        "starts_post": "{name} {year} starts today.",
        # e-mail
        "subject": "Subject:",
        "subject_pattern": "{short} {year}, day {n}: ",
        "dear": "Dear colleagues,",
        "today_is": "Today is day {n} of {name} {year}{date}.",
        "theme_is": "This year's theme: {theme}",
        "todays_topic": "TODAY'S TOPIC",
        "by": "by {by}",
        "guest_blog": "Guest blog by {by}: “{title}”",
        "also": "Also today: {title}",
        "also_by": "Also today: {title}, by {by}",
        "event": "Event: {event}",
        "webinar": "Webinar: {title}",
        "webinar_with": "Webinar: {title}, with {with_}",
        "read_blog": "Read today's blog:",
        "key_messages": "KEY MESSAGES FOR TODAY",
        "source": "Source: {claim} ({source})",
        "sample_posts": "SAMPLE POSTS TO SHARE",
        "copy_one": (
            "Copy one as it is ({label}; every one fits). The posts for each platform are "
            "in this day's posts-*.txt files and in index.html, with a Copy button each."
        ),
        "what_you_can_do": "WHAT YOU CAN DO TODAY",
        "post_about": "Post about today's topic",
        "with_hashtag": " with {hashtag}",
        "and_tag": " and tag {handle}",
        "thanks": "Thank you for joining in.",
        "your_name": "[Your name]",
        "your_organisation": "[Your organisation]",
        # posts-<platform>.txt
        "posts_for": "{label} posts for day {n} of {name} {year}",
        "topic_is": "Topic: {topic}",
        "each_fits": (
            "Each post below fits {label} ({limit} {unit}). Copy the text between the "
            "lines, or use the Copy buttons in index.html. Use a different one from your "
            "colleagues so that shares are not identical."
        ),
        "post_n_of": "post {i} of {n}",
        "none_fits": "No post of this day fits {label}.",
        # talking-points.txt
        "points_title": "{name} {year}, day {n}{date}: talking points",
        "blog_by": "Today's blog by {by}",
        "weeks_theme": "The week's theme: {theme}",
        "evidence": "Evidence: {claim} (source: {source})",
        "the_ask": "What to ask decision-makers:",
        "for_discussion": "For discussion:",
        "question": (
            "What does “{topic}” look like in your own work, and what would help you and "
            "your colleagues do more of it?"
        ),
        # index.html and README.md
        "kit_title": "{name} {year}: the kit for the week",
        "readme_title": "{name} {year}: your kit for the week",
        "theme_label": "Theme:",
        "this_years_theme": "This year's theme:",
        "when": "When:",
        "to": "to",
        "key_messages_region": "Key messages:",
        "region_version": "the {region} version",
        "press_copy": "Press <strong>Copy</strong> beside a post and paste it where you post.",
        "use_hashtag": "Use {hashtag}",
        "and_tag_index": " and tag {handle}",
        "send_each_morning": "Each morning, send the day's e-mail to your members.",
        "days": "Days",
        "colon": ":",
        "day_n": "Day {n}",
        "last_copied": "Last copied",
        "if_no_copy": "(if your browser does not allow copying, select this text and copy it):",
        "posts_to_share": "Posts to share",
        "posts_count": "({count} posts, each fits {limit} {unit})",
        "copy_post": "Copy",
        "copied": "Copied",
        "copied_status": "Copied to the clipboard.",
        "copy_failed": "Select the text in the box above and copy it.",
        "copy_see_box": "Copy (see box above)",
        "email_to_members": "E-mail to members",
        "the_email": "The e-mail",
        "copy_subject": "Copy subject",
        "copy_email": "Copy e-mail",
        "talking_points": "Talking points",
        "points_for_day": "Talking points for day {n}",
        "copy_points": "Copy talking points",
        "before_week": "Before the week",
        "ways_to_get_involved": "Ways to get involved",
        "readme_intro": (
            "This kit holds everything you need to share {name} with your colleagues and "
            "networks, one folder per day. Nothing in it needs special software."
        ),
        "readme_how": "How to use it",
        "readme_step_index": (
            "**Open `index.html`** in your web browser (double-click it). It shows every "
            "day of the week. Press **Copy** beside a post, then paste it into {platforms}. "
            'If your browser does not allow copying, the text appears in the "Last '
            'copied" box at the top of the page: select it and copy it from there.'
        ),
        "readme_step_email": (
            "**Each morning, send that day's e-mail** to your members and mailing list: open "
            "`email.txt` in the day's folder, copy the subject line and the text into a new "
            "e-mail, sign it with your name and organisation, and check the names and "
            "links before you send it."
        ),
        "readme_step_posts": (
            "**Post during the day.** Each `posts-<platform>.txt` holds several different "
            "posts for that platform, each one already checked to fit its length limit. "
            "Choose a different one from your colleagues so that shares are not identical."
        ),
        "readme_use_hashtag": "Use {hashtag} in anything you write yourself.",
        "readme_tag_on": "Tag {handle} on {platform}.",
        "cards_intro": (
            "Each day has share cards too: download one, post it, and paste its alt text "
            "into the image description."
        ),
        "cards_to_share": "Cards to share",
        "alt_text": "Alt text:",
        "copy_alt": "Copy alt text",
        "download_card": "Download the {size} card ({width}×{height})",
        "readme_step_cards": (
            "**Share a picture.** `card-square.png` (for Instagram and Facebook) and "
            "`card-landscape.png` (for X, Bluesky, LinkedIn and Facebook) show one of the "
            "day's key messages. When you post one, paste the text of the `.alt.txt` file "
            "beside it into the image description, so that people who cannot see the image "
            "can read it."
        ),
        "readme_cards_files": (
            "and the share cards `card-square.png` and `card-landscape.png`, each with its alt text"
        ),
        "readme_step_points": (
            "**Talk about it.** `talking-points.txt` has the day's key messages word for "
            "word, their sources, what to ask decision-makers and a question to open a "
            "discussion, for a meeting, a radio slot or a workshop."
        ),
        "readme_columns": "day | date | topic | folder",
        "readme_folder_holds": "Each day's folder holds",
        "readme_left_out": "Posts left out",
        "readme_left_out_intro": (
            "Some posts are too long for a platform even in their shortest version, so "
            "this kit leaves them out there (the other platforms still have them):"
        ),
        "readme_left_out_item": "day {day}, {platform}: {what}, {over} over the limit",
        "readme_made_with": (
            "Made with advocacy-kit from the campaign plan of {organisation} and the key "
            "messages for advocating for the social service workforce."
        ),
    },
    "fr": FRENCH_WORDS,
}

#: Platform units in French (the English ones come from the platform rules).
_FRENCH_UNITS = {
    "weighted characters": "caractères pondérés",
    "graphemes": "graphèmes",
    "characters": "caractères",
    "septets or UTF-16 units": "septets ou unités UTF-16",
}

_MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_WEEKDAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_MONTHS_FR = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
_WEEKDAYS_FR = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]


def kit_language(lang: str | None) -> str:
    """The language of a pack's fixed words: ``fr`` for any French, else ``en``."""
    root = (lang or "en").split("-")[0].split("_")[0].lower()
    return root if root in KIT_WORDS else "en"


def kit_words(lang: str | None) -> dict[str, str]:
    """The fixed words of a pack in ``lang``."""
    return dict(KIT_WORDS[kit_language(lang)])


def unit_words(unit: str, lang: str | None) -> str:
    """A platform's counting unit in ``lang``."""
    return _FRENCH_UNITS.get(unit, unit) if kit_language(lang) == "fr" else unit


def date_words(value: str | None, lang: str | None = None) -> str | None:
    """``2019-10-21`` as ``Monday 21 October 2019`` or ``lundi 21 octobre 2019``;
    ``2014-04`` as ``April 2014`` or ``avril 2014``."""
    if value is None:
        return None
    french = kit_language(lang) == "fr"
    months, weekdays = (_MONTHS_FR, _WEEKDAYS_FR) if french else (_MONTHS_EN, _WEEKDAYS_EN)
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 2:
        return f"{months[parts[1] - 1]} {parts[0]}"
    day = dt.date(parts[0], parts[1], parts[2])
    return f"{weekdays[day.weekday()]} {day.day} {months[day.month - 1]} {day.year}"
