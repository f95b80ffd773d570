"""The French words of a campaign pack (issue 12, item 8): French typography, a
no-break space before ``:`` ``;`` ``?`` ``!`` and inside « guillemets »."""

from __future__ import annotations

_NB = "\u00a0"

FRENCH_WORDS: dict[str, str] = {
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
        f"(si votre navigateur ne permet pas de copier, sélectionnez ce texte et copiez-le){_NB}:"
    ),
    "posts_to_share": "Publications à partager",
    "posts_count": "({count} publications, chacune tient dans {limit} {unit})",
    "copy_post": "Copier",
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
    "cards_intro": (
        "Chaque jour a aussi ses images à partager\u00a0: téléchargez-en une, publiez-la "
        "et collez son texte alternatif dans la description de l'image."
    ),
    "cards_to_share": "Images à partager",
    "alt_text": "Texte alternatif\u00a0:",
    "copy_alt": "Copier le texte alternatif",
    "download_card": "Télécharger l'image {size} ({width}×{height})",
    "readme_step_cards": (
        "**Partagez une image.** `card-square.png` (pour Instagram et Facebook) et "
        "`card-landscape.png` (pour X, Bluesky, LinkedIn et Facebook) montrent l'un des "
        "messages clés du jour. Quand vous en publiez une, collez le texte du fichier "
        "`.alt.txt` voisin dans la description de l'image, pour que les personnes qui ne "
        "peuvent pas voir l'image puissent la lire."
    ),
    "readme_cards_files": (
        "et les images à partager `card-square.png` et `card-landscape.png`, chacune avec "
        "son texte alternatif"
    ),
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
}
