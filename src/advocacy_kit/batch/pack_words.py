"""The fixed words of a campaign pack, per language: posts, e-mail, talking points, page.

A pack for a variant with ``lang: fr`` is French throughout (issue 12, item 8): every
phrase its templates and posts print comes from here, never from the templates
themselves. French typography: a no-break space before ``:`` ``;`` ``?`` ``!`` and
inside « guillemets ».
"""

from __future__ import annotations

import datetime as dt

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
        "copy": "Copy",
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
    "fr": {
        "topic_post": f"Jour {{n}} de {{name}}{_NB}: {{topic}}",
        "blog_post": f"Le blog du jour{_NB}: «{_NB}{{title}}{_NB}», par {{by}}.",
        "guest_blog_post": f"Le blog invité du jour, par {{by}}{_NB}: «{_NB}{{title}}{_NB}».",
        "also_post": f"Aussi aujourd'hui{_NB}: «{_NB}{{title}}{_NB}», par {{by}}.",
        "also_post_plain": f"Aussi aujourd'hui{_NB}: «{_NB}{{title}}{_NB}».",
        "event_post": f"Aujourd'hui, {{tag}}{_NB}: {{event}}",
        "webinar_post": (
            f"Participez au webinaire du jour{_NB}: «{_NB}{{title}}{_NB}», avec {{with_}}."
        ),
        "webinar_post_plain": f"Participez au webinaire du jour{_NB}: «{_NB}{{title}}{_NB}».",
        "theme_post": f"{{name}} {{year}} commence aujourd'hui. Le thème{_NB}: {{theme}}",
        "starts_post": "{name} {year} commence aujourd'hui.",
        "subject": f"Objet{_NB}:",
        "subject_pattern": f"{{short}} {{year}}, jour {{n}}{_NB}: ",
        "dear": "Chères et chers collègues,",
        "today_is": "Nous sommes au jour {n} de {name} {year}{date}.",
        "theme_is": f"Le thème de cette année{_NB}: {{theme}}",
        "todays_topic": "LE SUJET DU JOUR",
        "by": "par {by}",
        "guest_blog": f"Blog invité de {{by}}{_NB}: «{_NB}{{title}}{_NB}»",
        "also": f"Aussi aujourd'hui{_NB}: {{title}}",
        "also_by": f"Aussi aujourd'hui{_NB}: {{title}}, par {{by}}",
        "event": f"Événement{_NB}: {{event}}",
        "webinar": f"Webinaire{_NB}: {{title}}",
        "webinar_with": f"Webinaire{_NB}: {{title}}, avec {{with_}}",
        "read_blog": f"Lire le blog du jour{_NB}:",
        "key_messages": "LES MESSAGES CLÉS DU JOUR",
        "source": f"Source{_NB}: {{claim}} ({{source}})",
        "sample_posts": "DES PUBLICATIONS À PARTAGER",
        "copy_one": (
            "Copiez-en une telle quelle ({label}{_NB}; chacune tient dans la limite). Les "
            "publications de chaque plateforme sont dans les fichiers posts-*.txt du jour "
            "et dans index.html, chacune avec un bouton Copier."
        ).replace("{_NB}", _NB),
        "what_you_can_do": "CE QUE VOUS POUVEZ FAIRE AUJOURD'HUI",
        "post_about": "Publiez sur le sujet du jour",
        "with_hashtag": " avec {hashtag}",
        "and_tag": " et mentionnez {handle}",
        "thanks": "Merci de votre participation.",
        "your_name": "[Votre nom]",
        "your_organisation": "[Votre organisation]",
        "posts_for": "Publications {label} pour le jour {n} de {name} {year}",
        "topic_is": f"Sujet{_NB}: {{topic}}",
        "each_fits": (
            "Chaque publication ci-dessous tient sur {label} ({limit} {unit}). Copiez le "
            "texte entre les lignes, ou utilisez les boutons Copier d'index.html. Choisissez-"
            "en une autre que vos collègues, pour que les partages ne soient pas identiques."
        ),
        "post_n_of": "publication {i} sur {n}",
        "none_fits": "Aucune publication de ce jour ne tient sur {label}.",
        "points_title": f"{{name}} {{year}}, jour {{n}}{{date}}{_NB}: points de discussion",
        "blog_by": "Le blog du jour, par {by}",
        "weeks_theme": f"Le thème de la semaine{_NB}: {{theme}}",
        "evidence": f"Donnée{_NB}: {{claim}} (source{_NB}: {{source}})",
        "the_ask": f"Ce qu'il faut demander aux décideurs{_NB}:",
        "for_discussion": f"Pour la discussion{_NB}:",
        "question": (
            f"À quoi ressemble «{_NB}{{topic}}{_NB}» dans votre propre travail, et qu'est-ce "
            f"qui vous aiderait, vous et vos collègues, à en faire davantage{_NB}?"
        ),
        "kit_title": f"{{name}} {{year}}{_NB}: le kit de la semaine",
        "readme_title": f"{{name}} {{year}}{_NB}: votre kit pour la semaine",
        "theme_label": f"Thème{_NB}:",
        "this_years_theme": f"Le thème de cette année{_NB}:",
        "when": f"Quand{_NB}:",
        "to": "au",
        "key_messages_region": f"Messages clés{_NB}:",
        "region_version": "la version {region}",
        "press_copy": (
            "Appuyez sur <strong>Copier</strong> à côté d'une publication et collez-la là "
            "où vous publiez."
        ),
        "use_hashtag": "Utilisez {hashtag}",
        "and_tag_index": " et mentionnez {handle}",
        "send_each_morning": "Chaque matin, envoyez l'e-mail du jour à vos membres.",
        "days": "Jours",
        "colon": "\u00a0:",
        "day_n": "Jour {n}",
        "last_copied": "Dernière copie",
        "if_no_copy": (
            f"(si votre navigateur ne permet pas de copier, sélectionnez ce texte et "
            f"copiez-le){_NB}:"
        ),
        "posts_to_share": "Publications à partager",
        "posts_count": "({count} publications, chacune tient dans {limit} {unit})",
        "copy": "Copier",
        "copied": "Copié",
        "copied_status": "Copié dans le presse-papiers.",
        "copy_failed": "Sélectionnez le texte dans la case ci-dessus et copiez-le.",
        "copy_see_box": "Copier (voir la case ci-dessus)",
        "email_to_members": "E-mail aux membres",
        "the_email": "L'e-mail",
        "copy_subject": "Copier l'objet",
        "copy_email": "Copier l'e-mail",
        "talking_points": "Points de discussion",
        "points_for_day": "Points de discussion du jour {n}",
        "copy_points": "Copier les points de discussion",
        "before_week": "Avant la semaine",
        "ways_to_get_involved": "Comment participer",
        "readme_intro": (
            "Ce kit contient tout ce qu'il faut pour partager {name} avec vos collègues et "
            "vos réseaux, un dossier par jour. Rien n'y demande de logiciel particulier."
        ),
        "readme_how": "Comment l'utiliser",
        "readme_step_index": (
            "**Ouvrez `index.html`** dans votre navigateur (double-cliquez dessus). Il "
            "montre chaque jour de la semaine. Appuyez sur **Copier** à côté d'une "
            "publication, puis collez-la dans {platforms}. Si votre navigateur ne permet "
            "pas de copier, le texte apparaît dans la case «\u00a0Dernière copie\u00a0» en "
            "haut de la page\u00a0: sélectionnez-le et copiez-le de là."
        ),
        "readme_step_email": (
            "**Chaque matin, envoyez l'e-mail du jour** à vos membres et à votre liste de "
            "diffusion\u00a0: ouvrez `email.txt` dans le dossier du jour, copiez l'objet et "
            "le texte dans un nouvel e-mail, signez-le de votre nom et de votre "
            "organisation, et vérifiez les noms et les liens avant de l'envoyer."
        ),
        "readme_step_posts": (
            "**Publiez pendant la journée.** Chaque `posts-<platform>.txt` contient "
            "plusieurs publications différentes pour cette plateforme, chacune déjà "
            "vérifiée pour tenir dans sa limite. Choisissez-en une autre que vos collègues, "
            "pour que les partages ne soient pas identiques."
        ),
        "readme_use_hashtag": "Utilisez {hashtag} dans tout ce que vous écrivez vous-même.",
        "readme_tag_on": "Mentionnez {handle} sur {platform}.",
        "readme_step_points": (
            "**Parlez-en.** `talking-points.txt` contient les messages clés du jour mot pour "
            "mot, leurs sources, ce qu'il faut demander aux décideurs et une question pour "
            "lancer la discussion, pour une réunion, une émission de radio ou un atelier."
        ),
        "readme_columns": "jour | date | sujet | dossier",
        "readme_folder_holds": "Le dossier de chaque jour contient",
        "readme_left_out": "Publications laissées de côté",
        "readme_left_out_intro": (
            "Certaines publications sont trop longues pour une plateforme, même dans leur "
            "version la plus courte\u00a0; ce kit les laisse donc de côté sur cette "
            "plateforme (les autres plateformes les ont toujours)\u00a0:"
        ),
        "readme_left_out_item": "jour {day}, {platform}\u00a0: {what}, {over} au-delà de la limite",
        "readme_made_with": (
            "Réalisé avec advocacy-kit à partir du plan de campagne de {organisation} et des "
            "messages clés pour plaider en faveur du personnel des services sociaux."
        ),
    },
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
