<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
    <context>
        <name>ArticleEditor</name>
        <message>
            <source>Headline</source>
            <translation>Titre</translation>
        </message>
        <message>
            <source>Standfirst: one or two sentences that sum up the story</source>
            <translation>Chapô : une ou deux phrases qui résument l’article</translation>
        </message>
        <message>
            <source>Standfirst</source>
            <translation>Chapô</translation>
        </message>
        <message>
            <source>Body</source>
            <translation>Corps</translation>
        </message>
        <message>
            <source>Write the story in Markdown…</source>
            <translation>Rédigez l’article en Markdown…</translation>
        </message>
    </context>
    <context>
        <name>ArticleListModel</name>
        <message>
            <source>Headline</source>
            <translation>Titre</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Statut</translation>
        </message>
        <message>
            <source>Category</source>
            <translation>Rubrique</translation>
        </message>
        <message>
            <source>Updated</source>
            <translation>Modifié</translation>
        </message>
    </context>
    <context>
        <name>ArticlePhotos</name>
        <message>
            <source>Detach photo</source>
            <translation>Détacher la photo</translation>
        </message>
        <message>
            <source>Article photos</source>
            <translation>Photos de l’article</translation>
        </message>
        <message>
            <source>Set as &amp;hero</source>
            <translation>Photo &amp;principale</translation>
        </message>
        <message>
            <source>Set the selected library photo as the hero</source>
            <translation>Faire de la photo choisie dans la photothèque la photo principale</translation>
        </message>
        <message>
            <source>Insert in&amp;line</source>
            <translation>Insérer dans le &amp;texte</translation>
        </message>
        <message>
            <source>Insert the selected library photo in the body</source>
            <translation>Insérer la photo choisie dans le corps de l’article</translation>
        </message>
        <message>
            <source>Move up</source>
            <translation>Monter</translation>
        </message>
        <message>
            <source>Move the inline photo up</source>
            <translation>Monter la photo dans le texte</translation>
        </message>
        <message>
            <source>Move down</source>
            <translation>Descendre</translation>
        </message>
        <message>
            <source>Move the inline photo down</source>
            <translation>Descendre la photo dans le texte</translation>
        </message>
        <message>
            <source>&amp;Detach</source>
            <translation>&amp;Détacher</translation>
        </message>
        <message>
            <source>Detach the photo from the article</source>
            <translation>Détacher la photo de l’article</translation>
        </message>
        <message>
            <source>Caption for this article</source>
            <translation>Légende pour cet article</translation>
        </message>
        <message>
            <source>The photo's own caption</source>
            <translation>La légende propre à la photo</translation>
        </message>
        <message>
            <source>Alt text for this article</source>
            <translation>Texte alternatif pour cet article</translation>
        </message>
        <message>
            <source>The photo's own alt text</source>
            <translation>Le texte alternatif propre à la photo</translation>
        </message>
        <message>
            <source>Caption</source>
            <translation>Légende</translation>
        </message>
        <message>
            <source>Alt text</source>
            <translation>Texte alternatif</translation>
        </message>
        <message>
            <source>Hero</source>
            <translation>Principale</translation>
        </message>
        <message>
            <source>Inline {number}</source>
            <translation>Dans le texte {number}</translation>
        </message>
        <message>
            <source>Also remove the photo's reference from the article body?</source>
            <translation>Retirer aussi la référence à la photo du corps de l’article ?</translation>
        </message>
        <message>
            <source>Importing the dropped photos…</source>
            <translation>Importation des photos déposées…</translation>
        </message>
    </context>
    <context>
        <name>Banner</name>
        <message>
            <source>Problem</source>
            <translation>Problème</translation>
        </message>
    </context>
    <context>
        <name>CategoriesDialog</name>
        <message>
            <source>Categories</source>
            <translation>Rubriques</translation>
        </message>
        <message>
            <source>Category tree</source>
            <translation>Arborescence des rubriques</translation>
        </message>
        <message>
            <source>New category name</source>
            <translation>Nom de la nouvelle rubrique</translation>
        </message>
        <message>
            <source>Enter adds it inside the selected category, or at the top level when none is selected</source>
            <translation>Entrée l’ajoute dans la rubrique choisie, ou au premier niveau si aucune ne l’est</translation>
        </message>
        <message>
            <source>Add &amp;top-level</source>
            <translation>Ajouter au &amp;premier niveau</translation>
        </message>
        <message>
            <source>Add top-level category</source>
            <translation>Ajouter une rubrique de premier niveau</translation>
        </message>
        <message>
            <source>Add &amp;inside selected</source>
            <translation>Ajouter &amp;dans la rubrique choisie</translation>
        </message>
        <message>
            <source>Add category inside the selected one</source>
            <translation>Ajouter une rubrique dans celle qui est choisie</translation>
        </message>
        <message>
            <source>Message</source>
            <translation>Message</translation>
        </message>
        <message>
            <source>&amp;Rename</source>
            <translation>&amp;Renommer</translation>
        </message>
        <message>
            <source>Move &amp;up</source>
            <translation>&amp;Monter</translation>
        </message>
        <message>
            <source>Move d&amp;own</source>
            <translation>D&amp;escendre</translation>
        </message>
        <message>
            <source>&amp;Move to…</source>
            <translation>Dé&amp;placer vers…</translation>
        </message>
        <message>
            <source>&amp;Delete</source>
            <translation>&amp;Supprimer</translation>
        </message>
        <message>
            <source>Not changed: {exc}</source>
            <translation>Rien n’a changé : {exc}</translation>
        </message>
        <message>
            <source>adding a category</source>
            <translation>l’ajout d’une rubrique</translation>
        </message>
        <message>
            <source>Added “{path}”.</source>
            <translation>« {path} » ajoutée.</translation>
        </message>
        <message>
            <source>Renamed to “{name}”.</source>
            <translation>Renommée « {name} ».</translation>
        </message>
        <message>
            <source>Moved to “{path}”.</source>
            <translation>Déplacée vers « {path} ».</translation>
        </message>
        <message>
            <source>Already first.</source>
            <translation>Déjà en tête.</translation>
        </message>
        <message>
            <source>Already last.</source>
            <translation>Déjà en dernier.</translation>
        </message>
        <message numerus="yes">
            <source>Deleted “{name}”; %n article(s) moved to “{target}”.</source>
            <translation>
                <numerusform>« {name} » supprimée ; %n article déplacé vers « {target} ».</numerusform>
                <numerusform>« {name} » supprimée ; %n articles déplacés vers « {target} ».</numerusform>
            </translation>
        </message>
        <message>
            <source>renaming a category</source>
            <translation>le changement de nom d’une rubrique</translation>
        </message>
        <message>
            <source>moving a category</source>
            <translation>le déplacement d’une rubrique</translation>
        </message>
        <message>
            <source>Select a category to move.</source>
            <translation>Choisissez la rubrique à déplacer.</translation>
        </message>
        <message>
            <source>Select a category to delete.</source>
            <translation>Choisissez la rubrique à supprimer.</translation>
        </message>
        <message>
            <source>deleting a category</source>
            <translation>la suppression d’une rubrique</translation>
        </message>
        <message>
            <source>Deleted “{name}”.</source>
            <translation>« {name} » supprimée.</translation>
        </message>
    </context>
    <context>
        <name>CategoryEditModel</name>
        <message>
            <source>Category</source>
            <translation>Rubrique</translation>
        </message>
    </context>
    <context>
        <name>CategoryPicker</name>
        <message>
            <source>(No category)</source>
            <translation>(Sans rubrique)</translation>
        </message>
        <message>
            <source>(Top level)</source>
            <translation>(Premier niveau)</translation>
        </message>
        <message>
            <source>Category picker</source>
            <translation>Choix de la rubrique</translation>
        </message>
        <message>
            <source>Filter categories</source>
            <translation>Filtrer les rubriques</translation>
        </message>
        <message>
            <source>Type to filter categories…</source>
            <translation>Tapez pour filtrer les rubriques…</translation>
        </message>
        <message>
            <source>Categories</source>
            <translation>Rubriques</translation>
        </message>
        <message>
            <source>Chosen category</source>
            <translation>Rubrique choisie</translation>
        </message>
        <message>
            <source>Chosen: {category}</source>
            <translation>Choisie : {category}</translation>
        </message>
        <message>
            <source>nothing</source>
            <translation>rien</translation>
        </message>
    </context>
    <context>
        <name>CategoryTreeModel</name>
        <message>
            <source>Category</source>
            <translation>Rubrique</translation>
        </message>
    </context>
    <context>
        <name>ChecklistPanel</name>
        <message>
            <source>Checklist summary</source>
            <translation>Résumé des vérifications</translation>
        </message>
        <message>
            <source>Checklist</source>
            <translation>Vérifications</translation>
        </message>
        <message>
            <source>Blocks publishing</source>
            <translation>Bloque la publication</translation>
        </message>
        <message>
            <source>Worth a look</source>
            <translation>À vérifier</translation>
        </message>
        <message>
            <source>Ready to publish: nothing to fix.</source>
            <translation>Prêt à publier : rien à corriger.</translation>
        </message>
        <message numerus="yes">
            <source>%n item(s) blocking publishing,</source>
            <translation>
                <numerusform>%n point bloque la publication,</numerusform>
                <numerusform>%n points bloquent la publication,</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n to look at.</source>
            <translation>
                <numerusform>%n à vérifier.</numerusform>
                <numerusform>%n à vérifier.</numerusform>
            </translation>
        </message>
        <message>
            <source>The checklist could not be made: {error}</source>
            <translation>Les vérifications n’ont pas pu être faites : {error}</translation>
        </message>
    </context>
    <context>
        <name>EditActions</name>
        <message>
            <source>Cu&amp;t</source>
            <translation>Co&amp;uper</translation>
        </message>
        <message>
            <source>&amp;Copy</source>
            <translation>&amp;Copier</translation>
        </message>
        <message>
            <source>&amp;Paste</source>
            <translation>C&amp;oller</translation>
        </message>
        <message>
            <source>&amp;Delete</source>
            <translation>&amp;Supprimer</translation>
        </message>
        <message>
            <source>Select &amp;All</source>
            <translation>&amp;Tout sélectionner</translation>
        </message>
    </context>
    <context>
        <name>ExportDialog</name>
        <message>
            <source>Export Site</source>
            <translation>Exporter le site</translation>
        </message>
        <message>
            <source>An empty folder, or one Desk exported to before</source>
            <translation>Un dossier vide, ou un dossier où Desk a déjà exporté</translation>
        </message>
        <message>
            <source>Choose…</source>
            <translation>Choisir…</translation>
        </message>
        <message>
            <source>Only what changed since the last export</source>
            <translation>Seulement ce qui a changé depuis le dernier export</translation>
        </message>
        <message>
            <source>Everything (full rebuild)</source>
            <translation>Tout (reconstruction complète)</translation>
        </message>
        <message>
            <source>Allow a folder holding other files (Desk never deletes them)</source>
            <translation>Accepter un dossier contenant d’autres fichiers (Desk ne les supprime jamais)</translation>
        </message>
        <message>
            <source>Not set: required here or in Preferences (https://…)</source>
            <translation>Non définie : nécessaire ici ou dans les Préférences (https://…)</translation>
        </message>
        <message>
            <source>Folder:</source>
            <translation>Dossier :</translation>
        </message>
        <message>
            <source>Export:</source>
            <translation>Exporter :</translation>
        </message>
        <message>
            <source>Site address:</source>
            <translation>Adresse du site :</translation>
        </message>
        <message>
            <source>Export</source>
            <translation>Exporter</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Annuler</translation>
        </message>
        <message>
            <source>Open in Browser</source>
            <translation>Ouvrir dans le navigateur</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Fermer</translation>
        </message>
        <message>
            <source>Publish on the site?</source>
            <translation>Publier sur le site ?</translation>
        </message>
        <message>
            <source>Export and Publish</source>
            <translation>Exporter et publier</translation>
        </message>
        <message>
            <source>Export the site into</source>
            <translation>Exporter le site dans</translation>
        </message>
        <message>
            <source>Choose a folder to export into.</source>
            <translation>Choisissez le dossier où exporter.</translation>
        </message>
        <message>
            <source>Reading what the export would publish…</source>
            <translation>Lecture de ce que l’export publierait…</translation>
        </message>
        <message>
            <source>Reading the articles…</source>
            <translation>Lecture des articles…</translation>
        </message>
        <message>
            <source>Nothing exported; the site in the folder is as it was.</source>
            <translation>Rien n’a été exporté ; le site du dossier est inchangé.</translation>
        </message>
        <message>
            <source>Cancelling…</source>
            <translation>Annulation…</translation>
        </message>
        <message numerus="yes">
            <source>{written} written, {unchanged} unchanged, {removed} removed, %n warning(s) ({seconds} s).</source>
            <translation>
                <numerusform>{written} écrits, {unchanged} inchangés, {removed} supprimés, %n avertissement ({seconds} s).</numerusform>
                <numerusform>{written} écrits, {unchanged} inchangés, {removed} supprimés, %n avertissements ({seconds} s).</numerusform>
            </translation>
        </message>
        <message>
            <source>Export cancelled; the site in the folder is as it was.</source>
            <translation>Export annulé ; le site du dossier est inchangé.</translation>
        </message>
    </context>
    <context>
        <name>FindReplaceBar</name>
        <message>
            <source>Find and replace</source>
            <translation>Rechercher et remplacer</translation>
        </message>
        <message>
            <source>Find</source>
            <translation>Rechercher</translation>
        </message>
        <message>
            <source>Find (Enter: next, Shift+Enter: previous)</source>
            <translation>Rechercher (Entrée : suivant, Maj+Entrée : précédent)</translation>
        </message>
        <message>
            <source>Replace with</source>
            <translation>Remplacer par</translation>
        </message>
        <message>
            <source>Replace with (\1 or \g&lt;name&gt; for groups)</source>
            <translation>Remplacer par (\1 ou \g&lt;name&gt; pour les groupes)</translation>
        </message>
        <message>
            <source>&amp;Case sensitive</source>
            <translation>Respecter la &amp;casse</translation>
        </message>
        <message>
            <source>&amp;Whole word</source>
            <translation>&amp;Mot entier</translation>
        </message>
        <message>
            <source>Regular e&amp;xpression</source>
            <translation>E&amp;xpression régulière</translation>
        </message>
        <message>
            <source>Previous</source>
            <translation>Précédent</translation>
        </message>
        <message>
            <source>Find previous</source>
            <translation>Rechercher le précédent</translation>
        </message>
        <message>
            <source>Next</source>
            <translation>Suivant</translation>
        </message>
        <message>
            <source>Find next</source>
            <translation>Rechercher le suivant</translation>
        </message>
        <message>
            <source>&amp;Replace</source>
            <translation>&amp;Remplacer</translation>
        </message>
        <message>
            <source>Replace</source>
            <translation>Remplacer</translation>
        </message>
        <message>
            <source>Replace &amp;all</source>
            <translation>Remplacer &amp;tout</translation>
        </message>
        <message>
            <source>Replace all</source>
            <translation>Remplacer tout</translation>
        </message>
        <message>
            <source>Close find bar</source>
            <translation>Fermer la barre de recherche</translation>
        </message>
        <message>
            <source>Close (Escape)</source>
            <translation>Fermer (Échap)</translation>
        </message>
        <message>
            <source>Matches</source>
            <translation>Occurrences</translation>
        </message>
        <message>
            <source>Find message</source>
            <translation>Message de recherche</translation>
        </message>
        <message>
            <source>&amp;Find…</source>
            <translation>&amp;Rechercher…</translation>
        </message>
        <message>
            <source>Find and &amp;Replace…</source>
            <translation>Rechercher et &amp;remplacer…</translation>
        </message>
        <message>
            <source>Find &amp;Next</source>
            <translation>Occurrence &amp;suivante</translation>
        </message>
        <message>
            <source>Find Pre&amp;vious</source>
            <translation>Occurrence &amp;précédente</translation>
        </message>
        <message>
            <source>Invalid expression at {offset}: {error}</source>
            <translation>Expression incorrecte à la position {offset} : {error}</translation>
        </message>
        <message>
            <source>Invalid</source>
            <translation>Incorrecte</translation>
        </message>
        <message>
            <source>No matches</source>
            <translation>Aucune occurrence</translation>
        </message>
        <message numerus="yes">
            <source>%Ln match(es)</source>
            <translation>
                <numerusform>%Ln occurrence</numerusform>
                <numerusform>%Ln occurrences</numerusform>
            </translation>
        </message>
        <message>
            <source>{current} of {total}</source>
            <translation>{current} sur {total}</translation>
        </message>
        <message>
            <source>Search wrapped</source>
            <translation>Recherche reprise au début</translation>
        </message>
        <message>
            <source>Replaced {count}</source>
            <translation>{count} remplacée(s)</translation>
        </message>
    </context>
    <context>
        <name>Help</name>
        <message>
            <source>not open yet</source>
            <translation>pas encore ouverte</translation>
        </message>
        <message>
            <source>The offline editorial workstation: write, credit, preview, export and publish.</source>
            <translation>Le poste de travail éditorial hors ligne : rédiger, créditer, prévisualiser, exporter et publier.</translation>
        </message>
        <message>
            <source>Database:</source>
            <translation>Base de données :</translation>
        </message>
        <message>
            <source>Data folder:</source>
            <translation>Dossier des données :</translation>
        </message>
        <message>
            <source>About Desk</source>
            <translation>À propos de Desk</translation>
        </message>
        <message>
            <source>&amp;Keyboard Shortcuts</source>
            <translation>&amp;Raccourcis clavier</translation>
        </message>
        <message>
            <source>Desk &amp;Manual</source>
            <translation>&amp;Manuel de Desk</translation>
        </message>
    </context>
    <context>
        <name>HistoryPanel</name>
        <message>
            <source>Revision history</source>
            <translation>Historique des versions</translation>
        </message>
        <message>
            <source>Article</source>
            <translation>Article</translation>
        </message>
        <message>
            <source>Revisions</source>
            <translation>Versions</translation>
        </message>
        <message>
            <source>When</source>
            <translation>Date</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>Motif</translation>
        </message>
        <message>
            <source>Author</source>
            <translation>Auteur</translation>
        </message>
        <message>
            <source>Compare with</source>
            <translation>Comparer avec</translation>
        </message>
        <message>
            <source>&amp;Compare with:</source>
            <translation>&amp;Comparer avec :</translation>
        </message>
        <message>
            <source>Show &amp;unchanged fields</source>
            <translation>Afficher les champs &amp;inchangés</translation>
        </message>
        <message>
            <source>Show unchanged fields</source>
            <translation>Afficher les champs inchangés</translation>
        </message>
        <message>
            <source>Compared revisions</source>
            <translation>Versions comparées</translation>
        </message>
        <message>
            <source>Differences</source>
            <translation>Différences</translation>
        </message>
        <message>
            <source>&amp;Restore this revision</source>
            <translation>&amp;Restaurer cette version</translation>
        </message>
        <message>
            <source>Restore this revision</source>
            <translation>Restaurer cette version</translation>
        </message>
        <message>
            <source>Message</source>
            <translation>Message</translation>
        </message>
        <message>
            <source>History of “{headline}”</source>
            <translation>Historique de « {headline} »</translation>
        </message>
        <message>
            <source>No article</source>
            <translation>Aucun article</translation>
        </message>
        <message>
            <source>The revision before it</source>
            <translation>La version précédente</translation>
        </message>
        <message>
            <source>The article as it is now</source>
            <translation>L’article tel qu’il est</translation>
        </message>
        <message>
            <source>Restored the article as it was at {when}.</source>
            <translation>Article restauré tel qu’il était le {when}.</translation>
        </message>
        <message>
            <source>Restoring…</source>
            <translation>Restauration…</translation>
        </message>
        <message>
            <source>Not restored: {exc}</source>
            <translation>Non restauré : {exc}</translation>
        </message>
        <message>
            <source>No revisions yet.</source>
            <translation>Aucune révision pour l’instant.</translation>
        </message>
        <message>
            <source>From {old} to {new}:</source>
            <translation>De {old} à {new} :</translation>
        </message>
    </context>
    <context>
        <name>ImageField</name>
        <message>
            <source>Images (*.png *.jpg *.jpeg *.webp);;All files (*)</source>
            <translation>Images (*.png *.jpg *.jpeg *.webp);;Tous les fichiers (*)</translation>
        </message>
        <message>
            <source>{label}: preview</source>
            <translation>{label} : aperçu</translation>
        </message>
        <message>
            <source>Choose…</source>
            <translation>Choisir…</translation>
        </message>
        <message>
            <source>Choose the {lower}</source>
            <translation>Choisir : {lower}</translation>
        </message>
        <message>
            <source>Remove</source>
            <translation>Retirer</translation>
        </message>
        <message>
            <source>Remove the {lower}</source>
            <translation>Retirer : {lower}</translation>
        </message>
        <message>
            <source>None</source>
            <translation>Aucune</translation>
        </message>
        <message>
            <source>{name}, {width} × {height} (photo {id})</source>
            <translation>{name}, {width} × {height} (photo {id})</translation>
        </message>
        <message>
            <source>{name}, {width} × {height} (added to the library on Save)</source>
            <translation>{name}, {width} × {height} (ajoutée à la photothèque à l’enregistrement)</translation>
        </message>
    </context>
    <context>
        <name>Inspector</name>
        <message>
            <source>Status</source>
            <translation>Statut</translation>
        </message>
        <message>
            <source>Category</source>
            <translation>Rubrique</translation>
        </message>
        <message>
            <source>Tags</source>
            <translation>Mots-clés</translation>
        </message>
        <message>
            <source>Comma-separated</source>
            <translation>Séparés par des virgules</translation>
        </message>
        <message>
            <source>Byline</source>
            <translation>Signature</translation>
        </message>
        <message>
            <source>Slug</source>
            <translation>Slug</translation>
        </message>
        <message>
            <source>Follows the headline until you edit it</source>
            <translation>Suit le titre tant que vous ne le modifiez pas</translation>
        </message>
        <message>
            <source>Source name</source>
            <translation>Nom de la source</translation>
        </message>
        <message>
            <source>e.g. lindependant.fr</source>
            <translation>par exemple lindependant.fr</translation>
        </message>
        <message>
            <source>Source URL</source>
            <translation>URL de la source</translation>
        </message>
        <message>
            <source>https://…</source>
            <translation>https://…</translation>
        </message>
        <message>
            <source>Language</source>
            <translation>Langue</translation>
        </message>
        <message>
            <source>Site default</source>
            <translation>Langue du site</translation>
        </message>
        <message>
            <source>Set</source>
            <translation>Définie</translation>
        </message>
        <message>
            <source>Has publication date</source>
            <translation>A une date de publication</translation>
        </message>
        <message>
            <source>Publication date and time</source>
            <translation>Date et heure de publication</translation>
        </message>
        <message>
            <source>Not set</source>
            <translation>Non définie</translation>
        </message>
        <message>
            <source>Times in {zone}</source>
            <translation>Heures en {zone}</translation>
        </message>
        <message>
            <source>&amp;Status</source>
            <translation>&amp;Statut</translation>
        </message>
        <message>
            <source>&amp;Tags</source>
            <translation>&amp;Mots-clés</translation>
        </message>
        <message>
            <source>&amp;Byline</source>
            <translation>Si&amp;gnature</translation>
        </message>
        <message>
            <source>Lan&amp;guage</source>
            <translation>La&amp;ngue</translation>
        </message>
        <message>
            <source>S&amp;lug</source>
            <translation>S&amp;lug</translation>
        </message>
        <message>
            <source>Source &amp;name</source>
            <translation>&amp;Nom de la source</translation>
        </message>
        <message>
            <source>Source &amp;URL</source>
            <translation>&amp;URL de la source</translation>
        </message>
        <message>
            <source>&amp;Published</source>
            <translation>&amp;Publié le</translation>
        </message>
        <message>
            <source>Site default ({language})</source>
            <translation>Langue du site ({language})</translation>
        </message>
    </context>
    <context>
        <name>Language</name>
        <message>
            <source>English</source>
            <translation>anglais</translation>
        </message>
        <message>
            <source>French</source>
            <translation>français</translation>
        </message>
    </context>
    <context>
        <name>LimitLabel</name>
        <message>
            <source>{length} of {limit} characters</source>
            <translation>{length} caractères sur {limit}</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>&amp;File</source>
            <translation>&amp;Fichier</translation>
        </message>
        <message>
            <source>&amp;Edit</source>
            <translation>É&amp;dition</translation>
        </message>
        <message>
            <source>F&amp;ormat</source>
            <translation>F&amp;ormat</translation>
        </message>
        <message>
            <source>&amp;Article</source>
            <translation>&amp;Article</translation>
        </message>
        <message>
            <source>&amp;View</source>
            <translation>Affic&amp;hage</translation>
        </message>
        <message>
            <source>&amp;Help</source>
            <translation>Aid&amp;e</translation>
        </message>
        <message>
            <source>Desk</source>
            <translation>Desk</translation>
        </message>
        <message>
            <source>Search articles</source>
            <translation>Rechercher des articles</translation>
        </message>
        <message>
            <source>Filter by status</source>
            <translation>Filtrer par statut</translation>
        </message>
        <message>
            <source>All statuses</source>
            <translation>Tous les statuts</translation>
        </message>
        <message>
            <source>Trash</source>
            <translation>Corbeille</translation>
        </message>
        <message>
            <source>Filter by category</source>
            <translation>Filtrer par rubrique</translation>
        </message>
        <message>
            <source>All categories</source>
            <translation>Toutes les rubriques</translation>
        </message>
        <message>
            <source>Articles</source>
            <translation>Articles</translation>
        </message>
        <message>
            <source>Article</source>
            <translation>Article</translation>
        </message>
        <message>
            <source>Photos</source>
            <translation>Photos</translation>
        </message>
        <message>
            <source>History</source>
            <translation>Historique</translation>
        </message>
        <message>
            <source>Checklist</source>
            <translation>Vérifications</translation>
        </message>
        <message>
            <source>Preview</source>
            <translation>Aperçu</translation>
        </message>
        <message>
            <source>Article count</source>
            <translation>Nombre d’articles</translation>
        </message>
        <message>
            <source>Word count</source>
            <translation>Nombre de mots</translation>
        </message>
        <message>
            <source>Save state</source>
            <translation>État de l’enregistrement</translation>
        </message>
        <message>
            <source>Database</source>
            <translation>Base de données</translation>
        </message>
        <message>
            <source>Spell check unavailable: {reason}</source>
            <translation>Correcteur orthographique indisponible : {reason}</translation>
        </message>
        <message>
            <source>&amp;New Article</source>
            <translation>&amp;Nouvel article</translation>
        </message>
        <message>
            <source>&amp;Save Revision</source>
            <translation>&amp;Enregistrer une version</translation>
        </message>
        <message>
            <source>New &amp;Database…</source>
            <translation>Nouvelle &amp;base de données…</translation>
        </message>
        <message>
            <source>&amp;Open Database…</source>
            <translation>&amp;Ouvrir une base de données…</translation>
        </message>
        <message>
            <source>&amp;Import Markdown…</source>
            <translation>&amp;Importer du Markdown…</translation>
        </message>
        <message>
            <source>Import &amp;Photos…</source>
            <translation>Importer des &amp;photos…</translation>
        </message>
        <message>
            <source>&amp;Export Site…</source>
            <translation>E&amp;xporter le site…</translation>
        </message>
        <message>
            <source>Export Article as &amp;HTML…</source>
            <translation>Exporter l’article en &amp;HTML…</translation>
        </message>
        <message>
            <source>Export Article as P&amp;DF…</source>
            <translation>Exporter l’article en P&amp;DF…</translation>
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation>&amp;Quitter</translation>
        </message>
        <message>
            <source>&amp;Undo</source>
            <translation>&amp;Annuler</translation>
        </message>
        <message>
            <source>&amp;Redo</source>
            <translation>&amp;Rétablir</translation>
        </message>
        <message>
            <source>Search &amp;Articles</source>
            <translation>Rechercher des a&amp;rticles</translation>
        </message>
        <message>
            <source>Pre&amp;ferences…</source>
            <translation>Pré&amp;férences…</translation>
        </message>
        <message>
            <source>&amp;Bold</source>
            <translation>&amp;Gras</translation>
        </message>
        <message>
            <source>&amp;Italic</source>
            <translation>&amp;Italique</translation>
        </message>
        <message>
            <source>Insert &amp;Link…</source>
            <translation>Insérer un &amp;lien…</translation>
        </message>
        <message>
            <source>Heading {level}</source>
            <translation>Intertitre {level}</translation>
        </message>
        <message>
            <source>&amp;Paragraph</source>
            <translation>&amp;Paragraphe</translation>
        </message>
        <message>
            <source>&amp;Quote</source>
            <translation>&amp;Citation</translation>
        </message>
        <message>
            <source>Bulleted &amp;List</source>
            <translation>&amp;Liste à puces</translation>
        </message>
        <message>
            <source>&amp;Numbered List</source>
            <translation>Liste &amp;numérotée</translation>
        </message>
        <message>
            <source>&amp;Open Selected</source>
            <translation>&amp;Ouvrir la sélection</translation>
        </message>
        <message>
            <source>&amp;Duplicate</source>
            <translation>&amp;Dupliquer</translation>
        </message>
        <message>
            <source>&amp;Archive</source>
            <translation>&amp;Archiver</translation>
        </message>
        <message>
            <source>Move to &amp;Trash</source>
            <translation>Mettre à la &amp;corbeille</translation>
        </message>
        <message>
            <source>Move to Trash</source>
            <translation>Mettre à la corbeille</translation>
        </message>
        <message>
            <source>&amp;Restore from Trash</source>
            <translation>&amp;Restaurer depuis la corbeille</translation>
        </message>
        <message>
            <source>&amp;Publish to…</source>
            <translation>&amp;Publier sur…</translation>
        </message>
        <message>
            <source>&amp;Categories…</source>
            <translation>R&amp;ubriques…</translation>
        </message>
        <message>
            <source>&amp;Refresh List</source>
            <translation>&amp;Actualiser la liste</translation>
        </message>
        <message>
            <source>Check &amp;Spelling</source>
            <translation>Vérifier l’&amp;orthographe</translation>
        </message>
        <message>
            <source>Zoom &amp;In</source>
            <translation>&amp;Agrandir</translation>
        </message>
        <message>
            <source>Zoom &amp;Out</source>
            <translation>&amp;Réduire</translation>
        </message>
        <message>
            <source>&amp;Actual Size</source>
            <translation>&amp;Taille réelle</translation>
        </message>
        <message>
            <source>&amp;About Desk</source>
            <translation>À &amp;propos de Desk</translation>
        </message>
        <message>
            <source>{value} — Desk</source>
            <translation>{value} — Desk</translation>
        </message>
        <message>
            <source>Untitled</source>
            <translation>Sans titre</translation>
        </message>
        <message numerus="yes">
            <source>%Ln article(s)</source>
            <translation>
                <numerusform>%Ln article</numerusform>
                <numerusform>%Ln articles</numerusform>
            </translation>
        </message>
        <message>
            <source>Editing…</source>
            <translation>Modification…</translation>
        </message>
        <message>
            <source>Saving…</source>
            <translation>Enregistrement…</translation>
        </message>
        <message>
            <source>Revision saved</source>
            <translation>Version enregistrée</translation>
        </message>
        <message>
            <source>Saved {clock}</source>
            <translation>Enregistré à {clock}</translation>
        </message>
        <message>
            <source>Not saved</source>
            <translation>Non enregistré</translation>
        </message>
        <message>
            <source>The database file {path} was deleted or moved. Your text is safe in this window; recreate the file from what Desk still holds.</source>
            <translation>Le fichier de base de données {path} a été supprimé ou déplacé. Votre texte est à l’abri dans cette fenêtre ; recréez le fichier à partir de ce que Desk conserve.</translation>
        </message>
        <message>
            <source>{message}. Your text is kept in this window and Desk keeps trying to save it.</source>
            <translation>{message}. Votre texte est conservé dans cette fenêtre et Desk continue d’essayer de l’enregistrer.</translation>
        </message>
        <message>
            <source>Could not recreate the database file: {exc}</source>
            <translation>Impossible de recréer le fichier de base de données : {exc}</translation>
        </message>
        <message>
            <source>Database file recreated at {path}; saving again.</source>
            <translation>Fichier de base de données recréé à {path} ; nouvel enregistrement en cours.</translation>
        </message>
        <message>
            <source>{message}. Keep your version (overwrite) or reload the saved one?</source>
            <translation>{message}. Garder votre version (écraser) ou recharger celle qui est enregistrée ?</translation>
        </message>
        <message numerus="yes">
            <source>%Ln word(s)</source>
            <translation>
                <numerusform>%Ln mot</numerusform>
                <numerusform>%Ln mots</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln character(s)</source>
            <translation>
                <numerusform>%Ln caractère</numerusform>
                <numerusform>%Ln caractères</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln min read</source>
            <translation>
                <numerusform>%Ln min de lecture</numerusform>
                <numerusform>%Ln min de lecture</numerusform>
            </translation>
        </message>
        <message>
            <source>Insert Link</source>
            <translation>Insérer un lien</translation>
        </message>
        <message>
            <source>Address (URL):</source>
            <translation>Adresse (URL) :</translation>
        </message>
        <message>
            <source>creating an article</source>
            <translation>la création d’un article</translation>
        </message>
        <message>
            <source>Moved “{headline}” to the Trash. Undo with Ctrl+Z (Edit › Undo), or Article › Restore from Trash.</source>
            <translation>« {headline} » mis à la corbeille. Annulez avec Ctrl+Z (Édition › Annuler) ou Article › Restaurer depuis la corbeille.</translation>
        </message>
        <message>
            <source>moving to the trash</source>
            <translation>la mise à la corbeille</translation>
        </message>
        <message>
            <source>Select an article in the Trash first</source>
            <translation>Choisissez d’abord un article dans la corbeille</translation>
        </message>
        <message>
            <source>Restored from the Trash</source>
            <translation>Restauré depuis la corbeille</translation>
        </message>
        <message>
            <source>restoring from the trash</source>
            <translation>la restauration depuis la corbeille</translation>
        </message>
        <message>
            <source>Saved {path}</source>
            <translation>{path} enregistré</translation>
        </message>
        <message>
            <source>Open an article first</source>
            <translation>Ouvrez d’abord un article</translation>
        </message>
        <message>
            <source>Import Markdown</source>
            <translation>Importer du Markdown</translation>
        </message>
        <message>
            <source>Markdown (*.md *.markdown);;All files (*)</source>
            <translation>Markdown (*.md *.markdown);;Tous les fichiers (*)</translation>
        </message>
        <message>
            <source>Imported {count} new, {count2} updated</source>
            <translation>Importés : {count} nouveaux, {count2} mis à jour</translation>
        </message>
        <message>
            <source>Importing…</source>
            <translation>Importation…</translation>
        </message>
        <message>
            <source>Import</source>
            <translation>Importer</translation>
        </message>
        <message>
            <source>Demo articles loaded</source>
            <translation>Articles de démonstration chargés</translation>
        </message>
        <message>
            <source>Database: {value}</source>
            <translation>Base : {value}</translation>
        </message>
        <message>
            <source>New Database</source>
            <translation>Nouvelle base de données</translation>
        </message>
        <message>
            <source>{path} already exists; use Open Database…</source>
            <translation>{path} existe déjà ; utilisez Ouvrir une base de données…</translation>
        </message>
        <message>
            <source>Open Database</source>
            <translation>Ouvrir une base de données</translation>
        </message>
        <message>
            <source>Desk database (*.sqlite *.db);;All files (*)</source>
            <translation>Base de données Desk (*.sqlite *.db);;Tous les fichiers (*)</translation>
        </message>
        <message>
            <source>Preferences saved</source>
            <translation>Préférences enregistrées</translation>
        </message>
        <message>
            <source>Unsaved changes</source>
            <translation>Modifications non enregistrées</translation>
        </message>
        <message>
            <source>Desk could not save your latest changes to the database.</source>
            <translation>Desk n’a pas pu enregistrer vos dernières modifications dans la base de données.</translation>
        </message>
        <message>
            <source>Save the article as a Markdown file so nothing is lost?</source>
            <translation>Enregistrer l’article dans un fichier Markdown pour ne rien perdre ?</translation>
        </message>
        <message>
            <source>Save as File…</source>
            <translation>Enregistrer dans un fichier…</translation>
        </message>
        <message>
            <source>Keep Window Open</source>
            <translation>Garder la fenêtre ouverte</translation>
        </message>
        <message>
            <source>Quit Without Saving</source>
            <translation>Quitter sans enregistrer</translation>
        </message>
        <message>
            <source>Save Article</source>
            <translation>Enregistrer l’article</translation>
        </message>
    </context>
    <context>
        <name>ManualDialog</name>
        <message>
            <source>Desk Manual</source>
            <translation>Manuel de Desk</translation>
        </message>
        <message>
            <source>Manual</source>
            <translation>Manuel</translation>
        </message>
    </context>
    <context>
        <name>MoveToDialog</name>
        <message>
            <source>Move “{name}” to…</source>
            <translation>Déplacer « {name} » vers…</translation>
        </message>
        <message>
            <source>Choose the new parent of “{name}” (Enter or double-click):</source>
            <translation>Choisissez la rubrique qui contiendra « {name} » (Entrée ou double-clic) :</translation>
        </message>
    </context>
    <context>
        <name>Palette</name>
        <message>
            <source>As the system</source>
            <translation>Comme le système</translation>
        </message>
        <message>
            <source>Light</source>
            <translation>Clair</translation>
        </message>
        <message>
            <source>Dark</source>
            <translation>Sombre</translation>
        </message>
        <message>
            <source>Appearance</source>
            <translation>Apparence</translation>
        </message>
    </context>
    <context>
        <name>PhotoFlag</name>
        <message>
            <source>Missing alt text</source>
            <translation>Sans texte alternatif</translation>
        </message>
        <message>
            <source>Missing credit</source>
            <translation>Sans crédit</translation>
        </message>
        <message>
            <source>Has restrictions</source>
            <translation>Avec restrictions</translation>
        </message>
    </context>
    <context>
        <name>PhotoLibrary</name>
        <message>
            <source>Search caption, credit, creator, source, reference</source>
            <translation>Rechercher dans la légende, le crédit, l’auteur, la source, la référence</translation>
        </message>
        <message>
            <source>Search photos</source>
            <translation>Rechercher des photos</translation>
        </message>
        <message>
            <source>Agency filter</source>
            <translation>Filtre par agence</translation>
        </message>
        <message>
            <source>Photo filter</source>
            <translation>Filtre des photos</translation>
        </message>
        <message>
            <source>All photos</source>
            <translation>Toutes les photos</translation>
        </message>
        <message>
            <source>&amp;Import…</source>
            <translation>&amp;Importer…</translation>
        </message>
        <message>
            <source>Import photos</source>
            <translation>Importer des photos</translation>
        </message>
        <message>
            <source>Photo library</source>
            <translation>Photothèque</translation>
        </message>
        <message>
            <source>Import messages</source>
            <translation>Messages d’importation</translation>
        </message>
        <message>
            <source>Import progress</source>
            <translation>Progression de l’importation</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Annuler</translation>
        </message>
        <message>
            <source>Cancel import</source>
            <translation>Annuler l’importation</translation>
        </message>
        <message>
            <source>All agencies</source>
            <translation>Toutes les agences</translation>
        </message>
        <message numerus="yes">
            <source>%Ln photo(s)</source>
            <translation>
                <numerusform>%Ln photo</numerusform>
                <numerusform>%Ln photos</numerusform>
            </translation>
        </message>
        <message>
            <source>Import Photos</source>
            <translation>Importer des photos</translation>
        </message>
        <message>
            <source>Photos (*.jpg *.jpeg *.png *.webp *.tif *.tiff);;All files (*)</source>
            <translation>Photos (*.jpg *.jpeg *.png *.webp *.tif *.tiff);;Tous les fichiers (*)</translation>
        </message>
    </context>
    <context>
        <name>PhotoPanel</name>
        <message>
            <source>Creator(s)</source>
            <translation>Auteur(s)</translation>
        </message>
        <message>
            <source>Creator's title</source>
            <translation>Fonction de l’auteur</translation>
        </message>
        <message>
            <source>Credit line</source>
            <translation>Ligne de crédit</translation>
        </message>
        <message>
            <source>Source</source>
            <translation>Source</translation>
        </message>
        <message>
            <source>Distributor</source>
            <translation>Diffuseur</translation>
        </message>
        <message>
            <source>Copyright</source>
            <translation>Copyright</translation>
        </message>
        <message>
            <source>Date created</source>
            <translation>Date de prise de vue</translation>
        </message>
        <message>
            <source>Agency reference</source>
            <translation>Référence de l’agence</translation>
        </message>
        <message>
            <source>Caption</source>
            <translation>Légende</translation>
        </message>
        <message>
            <source>Sign-off</source>
            <translation>Signature de l’agence</translation>
        </message>
        <message>
            <source>Alt text</source>
            <translation>Texte alternatif</translation>
        </message>
        <message>
            <source>Instructions</source>
            <translation>Consignes</translation>
        </message>
        <message>
            <source>Usage terms</source>
            <translation>Conditions d’utilisation</translation>
        </message>
        <message>
            <source>edited</source>
            <translation>modifié</translation>
        </message>
        <message>
            <source>Read from the IPTC-IIM block</source>
            <translation>Lu dans le bloc IPTC-IIM</translation>
        </message>
        <message>
            <source>Read from the XMP packet</source>
            <translation>Lu dans le paquet XMP</translation>
        </message>
        <message>
            <source>Read from the camera's EXIF</source>
            <translation>Lu dans les données EXIF de l’appareil</translation>
        </message>
        <message>
            <source>Changed by an editor</source>
            <translation>Modifié par un rédacteur</translation>
        </message>
        <message>
            <source>Not in the file</source>
            <translation>Absent du fichier</translation>
        </message>
        <message>
            <source>Photo preview</source>
            <translation>Aperçu de la photo</translation>
        </message>
        <message>
            <source>Restrictions</source>
            <translation>Restrictions</translation>
        </message>
        <message>
            <source>Credit preset</source>
            <translation>Modèle de crédit</translation>
        </message>
        <message>
            <source>Credit override</source>
            <translation>Crédit imposé</translation>
        </message>
        <message>
            <source>Leave empty to use the preset's line</source>
            <translation>Laisser vide pour utiliser la ligne du modèle</translation>
        </message>
        <message>
            <source>Composed credit line</source>
            <translation>Ligne de crédit composée</translation>
        </message>
        <message>
            <source>Alt text is required before publishing.</source>
            <translation>Le texte alternatif est obligatoire avant publication.</translation>
        </message>
        <message>
            <source>Alt text *</source>
            <translation>Texte alternatif *</translation>
        </message>
        <message>
            <source>Describes the picture for readers who cannot see it; required before publishing. Not the caption.</source>
            <translation>Décrit l’image pour les lecteurs qui ne la voient pas ; obligatoire avant publication. Ce n’est pas la légende.</translation>
        </message>
        <message>
            <source>Several creators are separated by ';'</source>
            <translation>Séparez plusieurs auteurs par « ; »</translation>
        </message>
        <message>
            <source>YYYY-MM-DD</source>
            <translation>AAAA-MM-JJ</translation>
        </message>
        <message>
            <source>Preset</source>
            <translation>Modèle</translation>
        </message>
        <message>
            <source>Override</source>
            <translation>Crédit imposé</translation>
        </message>
        <message>
            <source>Warnings</source>
            <translation>Avertissements</translation>
        </message>
        <message>
            <source>Save state</source>
            <translation>État de l’enregistrement</translation>
        </message>
        <message>
            <source>&lt;b&gt;Credit line as published&lt;/b&gt;</source>
            <translation>&lt;b&gt;Ligne de crédit publiée&lt;/b&gt;</translation>
        </message>
        <message>
            <source>No photo selected</source>
            <translation>Aucune photo choisie</translation>
        </message>
        <message>
            <source>Date created must be ISO 8601: YYYY-MM-DD</source>
            <translation>La date de prise de vue doit être au format ISO 8601 : AAAA-MM-JJ</translation>
        </message>
        <message>
            <source>Unsaved changes</source>
            <translation>Modifications non enregistrées</translation>
        </message>
        <message>
            <source>RESTRICTIONS (never published): {restrictions}</source>
            <translation>RESTRICTIONS (jamais publiées) : {restrictions}</translation>
        </message>
        <message>
            <source>Saved</source>
            <translation>Enregistré</translation>
        </message>
        <message>
            <source>Not saved: {exc}</source>
            <translation>Non enregistré : {exc}</translation>
        </message>
        <message>
            <source>Saving…</source>
            <translation>Enregistrement…</translation>
        </message>
    </context>
    <context>
        <name>PreferencesDialog</name>
        <message>
            <source>Preferences</source>
            <translation>Préférences</translation>
        </message>
        <message>
            <source>https://news.example.org (needed to export)</source>
            <translation>https://news.example.org (nécessaire pour exporter)</translation>
        </message>
        <message>
            <source>Given to new articles, e.g. the newsroom's name</source>
            <translation>Donnée aux nouveaux articles, par exemple le nom de la rédaction</translation>
        </message>
        <message>
            <source>{label}: problem</source>
            <translation>{label} : problème</translation>
        </message>
        <message>
            <source>{label}:</source>
            <translation>{label} :</translation>
        </message>
        <message>
            <source>Site</source>
            <translation>Site</translation>
        </message>
        <message>
            <source>Appearance</source>
            <translation>Apparence</translation>
        </message>
        <message>
            <source>Interface language</source>
            <translation>Langue de l’interface</translation>
        </message>
        <message>
            <source>System</source>
            <translation>Celle du système</translation>
        </message>
        <message>
            <source>A new interface language applies when Desk is next started.</source>
            <translation>Une nouvelle langue d’interface s’applique au prochain démarrage de Desk.</translation>
        </message>
        <message>
            <source>Appearance:</source>
            <translation>Apparence :</translation>
        </message>
        <message>
            <source>Interface language:</source>
            <translation>Langue de l’interface :</translation>
        </message>
        <message>
            <source>This computer</source>
            <translation>Cet ordinateur</translation>
        </message>
        <message>
            <source> characters</source>
            <translation> caractères</translation>
        </message>
    </context>
    <context>
        <name>PreviewPane</name>
        <message>
            <source>Page preview</source>
            <translation>Aperçu de la page</translation>
        </message>
        <message>
            <source>Desktop</source>
            <translation>Ordinateur</translation>
        </message>
        <message>
            <source>Desktop width</source>
            <translation>Largeur ordinateur</translation>
        </message>
        <message>
            <source>The page at a {width}-pixel desktop width, scaled to fit</source>
            <translation>La page sur un écran d’ordinateur de {width} pixels de large, mise à l’échelle</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>Téléphone</translation>
        </message>
        <message>
            <source>The page at a {width}-pixel phone width</source>
            <translation>La page sur un téléphone de {width} pixels de large</translation>
        </message>
        <message>
            <source>{width} px</source>
            <translation>{width} px</translation>
        </message>
        <message>
            <source>{width} px at {percent} %</source>
            <translation>{width} px à {percent} %</translation>
        </message>
        <message>
            <source>Phone width</source>
            <translation>Largeur téléphone</translation>
        </message>
    </context>
    <context>
        <name>PublishConfirmation</name>
        <message>
            <source>Its publication time is set to now ({time}).</source>
            <translation>Son heure de publication est fixée à maintenant ({time}).</translation>
        </message>
        <message>
            <source>Its publication time stays {time}, in the future: the site has no embargo, so the next export shows it at once, dated then.</source>
            <translation>Son heure de publication reste {time}, dans le futur : le site n’a pas d’embargo, le prochain export le montre donc aussitôt, daté de ce moment-là.</translation>
        </message>
        <message>
            <source>Its publication time stays {time}.</source>
            <translation>Son heure de publication reste {time}.</translation>
        </message>
        <message>
            <source>Untitled</source>
            <translation>Sans titre</translation>
        </message>
        <message>
            <source>“{headline}” becomes published. {time_line} The next export puts it on the site, on its category page and the home page.</source>
            <translation>« {headline} » passe au statut publié. {time_line} Le prochain export le met sur le site, sur la page de sa rubrique et en page d’accueil.</translation>
        </message>
        <message>
            <source>“{headline}” is scheduled on {site}: WordPress publishes it on {time} without asking again. Until then it is not public.</source>
            <translation>« {headline} » est programmé sur {site} : WordPress le publiera le {time} sans redemander. D’ici là, il n’est pas public.</translation>
        </message>
        <message>
            <source>“{headline}” goes public on {site} now, at its address on that site, for every reader.</source>
            <translation>« {headline} » devient public sur {site} dès maintenant, à son adresse sur ce site, pour tous les lecteurs.</translation>
        </message>
        <message>
            <source>Publish?</source>
            <translation>Publier ?</translation>
        </message>
        <message>
            <source>Publish Anyway?</source>
            <translation>Publier quand même ?</translation>
        </message>
        <message>
            <source>Publish</source>
            <translation>Publier</translation>
        </message>
        <message>
            <source>Publish Anyway</source>
            <translation>Publier quand même</translation>
        </message>
        <message>
            <source>Schedule?</source>
            <translation>Programmer ?</translation>
        </message>
        <message>
            <source>Schedule Anyway?</source>
            <translation>Programmer quand même ?</translation>
        </message>
        <message>
            <source>Schedule</source>
            <translation>Programmer</translation>
        </message>
        <message>
            <source>Schedule Anyway</source>
            <translation>Programmer quand même</translation>
        </message>
        <message>
            <source>The checklist blocks publishing:</source>
            <translation>Les vérifications bloquent la publication :</translation>
        </message>
        <message>
            <source>Publish anyway only with a reason; it is kept in the article's history with your name.</source>
            <translation>Ne publiez quand même qu’avec un motif ; il est gardé dans l’historique de l’article avec votre nom.</translation>
        </message>
        <message>
            <source>Why it may go out as it is</source>
            <translation>Pourquoi il peut paraître tel quel</translation>
        </message>
        <message>
            <source>Warnings:</source>
            <translation>Avertissements :</translation>
        </message>
    </context>
    <context>
        <name>PublishDialog</name>
        <message>
            <source>Draft</source>
            <translation>Brouillon</translation>
        </message>
        <message>
            <source>Publish now</source>
            <translation>Publier maintenant</translation>
        </message>
        <message>
            <source>Schedule</source>
            <translation>Programmer</translation>
        </message>
        <message>
            <source>Publish “{headline}”</source>
            <translation>Publier « {headline} »</translation>
        </message>
        <message>
            <source>Site</source>
            <translation>Site</translation>
        </message>
        <message>
            <source>Add Site…</source>
            <translation>Ajouter un site…</translation>
        </message>
        <message>
            <source>&amp;Site:</source>
            <translation>&amp;Site :</translation>
        </message>
        <message>
            <source>New WordPress site</source>
            <translation>Nouveau site WordPress</translation>
        </message>
        <message>
            <source>https://example.com</source>
            <translation>https://example.com</translation>
        </message>
        <message>
            <source>Users › Profile › Application Passwords</source>
            <translation>Comptes › Profil › Mots de passe d’application</translation>
        </message>
        <message>
            <source>&amp;Name:</source>
            <translation>&amp;Nom :</translation>
        </message>
        <message>
            <source>&amp;Address:</source>
            <translation>&amp;Adresse :</translation>
        </message>
        <message>
            <source>&amp;User:</source>
            <translation>&amp;Utilisateur :</translation>
        </message>
        <message>
            <source>Application &amp;password:</source>
            <translation>&amp;Mot de passe d’application :</translation>
        </message>
        <message>
            <source>&amp;Test Connection</source>
            <translation>&amp;Tester la connexion</translation>
        </message>
        <message>
            <source>Save Site</source>
            <translation>Enregistrer le site</translation>
        </message>
        <message>
            <source>({zone_name}, the site's time zone)</source>
            <translation>({zone_name}, le fuseau horaire du site)</translation>
        </message>
        <message>
            <source>S&amp;tatus:</source>
            <translation>S&amp;tatut :</translation>
        </message>
        <message>
            <source>What will be sent:</source>
            <translation>Ce qui sera envoyé :</translation>
        </message>
        <message>
            <source>&amp;Overwrite</source>
            <translation>É&amp;craser</translation>
        </message>
        <message>
            <source>Create &amp;Again</source>
            <translation>Créer à &amp;nouveau</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Annuler</translation>
        </message>
        <message>
            <source>&amp;Publish</source>
            <translation>&amp;Publier</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Fermer</translation>
        </message>
        <message>
            <source>Changed on the site</source>
            <translation>Modifié sur le site</translation>
        </message>
        <message>
            <source>Deleted on the site</source>
            <translation>Supprimé sur le site</translation>
        </message>
        <message>
            <source>Wait for the current step to finish.</source>
            <translation>Attendez la fin de l’étape en cours.</translation>
        </message>
        <message>
            <source>Nothing sent.</source>
            <translation>Rien n’a été envoyé.</translation>
        </message>
        <message>
            <source>Created as a draft on {site}.</source>
            <translation>Créé comme brouillon sur {site}.</translation>
        </message>
        <message>
            <source>Created and published on {site}.</source>
            <translation>Créé et publié sur {site}.</translation>
        </message>
        <message>
            <source>Created and scheduled on {site}.</source>
            <translation>Créé et programmé sur {site}.</translation>
        </message>
        <message>
            <source>Updated as a draft on {site}.</source>
            <translation>Mis à jour comme brouillon sur {site}.</translation>
        </message>
        <message>
            <source>Updated and published on {site}.</source>
            <translation>Mis à jour et publié sur {site}.</translation>
        </message>
        <message>
            <source>Updated and scheduled on {site}.</source>
            <translation>Mis à jour et programmé sur {site}.</translation>
        </message>
        <message>
            <source>Created ({status}) on {site}.</source>
            <translation>Créé ({status}) sur {site}.</translation>
        </message>
        <message>
            <source>Updated ({status}) on {site}.</source>
            <translation>Mis à jour ({status}) sur {site}.</translation>
        </message>
        <message>
            <source>Connecting…</source>
            <translation>Connexion…</translation>
        </message>
    </context>
    <context>
        <name>ReassignDialog</name>
        <message>
            <source>Delete “{name}”</source>
            <translation>Supprimer « {name} »</translation>
        </message>
        <message numerus="yes">
            <source>“{name}” still files %n article(s). Move them to (Enter or double-click):</source>
            <translation>
                <numerusform>« {name} » contient encore %n article. Le déplacer vers (Entrée ou double-clic) :</numerusform>
                <numerusform>« {name} » contient encore %n articles. Les déplacer vers (Entrée ou double-clic) :</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>RecentMenu</name>
        <message>
            <source>Open &amp;Recent</source>
            <translation>Ouvrir un fichier &amp;récent</translation>
        </message>
        <message>
            <source>No recent databases</source>
            <translation>Aucune base de données récente</translation>
        </message>
        <message>
            <source>&amp;Clear Menu</source>
            <translation>&amp;Effacer le menu</translation>
        </message>
    </context>
    <context>
        <name>Setting</name>
        <message>
            <source>Site name</source>
            <translation>Nom du site</translation>
        </message>
        <message>
            <source>shown in the page header and titles</source>
            <translation>affiché dans l’en-tête des pages et les titres</translation>
        </message>
        <message>
            <source>Base URL</source>
            <translation>URL de base</translation>
        </message>
        <message>
            <source>the site's public address, e.g. https://news.example.org</source>
            <translation>l’adresse publique du site, par exemple https://news.example.org</translation>
        </message>
        <message>
            <source>Language</source>
            <translation>Langue</translation>
        </message>
        <message>
            <source>BCP 47 tag: en, fr, fr-CA…</source>
            <translation>code BCP 47 : en, fr, fr-CA…</translation>
        </message>
        <message>
            <source>Time zone</source>
            <translation>Fuseau horaire</translation>
        </message>
        <message>
            <source>IANA name: dates are shown in it</source>
            <translation>nom IANA : les dates y sont affichées</translation>
        </message>
        <message>
            <source>Headline limit</source>
            <translation>Longueur maximale du titre</translation>
        </message>
        <message>
            <source>characters before the checklist warns</source>
            <translation>caractères avant un avertissement des vérifications</translation>
        </message>
        <message>
            <source>Standfirst limit</source>
            <translation>Longueur maximale du chapô</translation>
        </message>
        <message>
            <source>Default byline</source>
            <translation>Signature par défaut</translation>
        </message>
        <message>
            <source>given to new articles</source>
            <translation>donnée aux nouveaux articles</translation>
        </message>
        <message>
            <source>Logo</source>
            <translation>Logo</translation>
        </message>
        <message>
            <source>a photo of the library</source>
            <translation>une photo de la photothèque</translation>
        </message>
        <message>
            <source>Default share image</source>
            <translation>Image de partage par défaut</translation>
        </message>
        <message>
            <source>shown when a shared article has no photo (at least 200 x 200)</source>
            <translation>affichée quand un article partagé n’a pas de photo (200 × 200 au moins)</translation>
        </message>
    </context>
    <context>
        <name>ShortcutsDialog</name>
        <message>
            <source>Keyboard Shortcuts</source>
            <translation>Raccourcis clavier</translation>
        </message>
        <message>
            <source>Filter: a command or a key</source>
            <translation>Filtrer : une commande ou une touche</translation>
        </message>
        <message>
            <source>Filter shortcuts</source>
            <translation>Filtrer les raccourcis</translation>
        </message>
        <message>
            <source>Keyboard shortcuts</source>
            <translation>Raccourcis clavier</translation>
        </message>
        <message>
            <source>Menu</source>
            <translation>Menu</translation>
        </message>
        <message>
            <source>Command</source>
            <translation>Commande</translation>
        </message>
        <message>
            <source>Keys</source>
            <translation>Touches</translation>
        </message>
    </context>
    <context>
        <name>SingleExport</name>
        <message>
            <source>Export Article as HTML</source>
            <translation>Exporter l’article en HTML</translation>
        </message>
        <message>
            <source>Export Article as PDF</source>
            <translation>Exporter l’article en PDF</translation>
        </message>
    </context>
    <context>
        <name>SpellMenu</name>
        <message>
            <source>(no suggestions)</source>
            <translation>(aucune suggestion)</translation>
        </message>
        <message>
            <source>Add to Dictionary</source>
            <translation>Ajouter au dictionnaire</translation>
        </message>
        <message>
            <source>Ignore</source>
            <translation>Ignorer</translation>
        </message>
    </context>
    <context>
        <name>Status</name>
        <message>
            <source>draft</source>
            <translation>brouillon</translation>
        </message>
        <message>
            <source>review</source>
            <translation>relecture</translation>
        </message>
        <message>
            <source>ready</source>
            <translation>prêt</translation>
        </message>
        <message>
            <source>published</source>
            <translation>publié</translation>
        </message>
        <message>
            <source>archived</source>
            <translation>archivé</translation>
        </message>
    </context>
    <context>
        <name>Welcome</name>
        <message>
            <source>&lt;b&gt;This database has no articles yet.&lt;/b&gt; Start with the demo newsroom (six articles with credited agency photos), import your Markdown files, or write a new article.</source>
            <translation>&lt;b&gt;Cette base de données ne contient encore aucun article.&lt;/b&gt; Commencez par la rédaction de démonstration (six articles avec des photos d’agence créditées), importez vos fichiers Markdown ou rédigez un nouvel article.</translation>
        </message>
        <message>
            <source>Welcome</source>
            <translation>Bienvenue</translation>
        </message>
        <message>
            <source>Load the &amp;Demo</source>
            <translation>Charger la &amp;démo</translation>
        </message>
        <message>
            <source>Load the demo articles</source>
            <translation>Charger les articles de démonstration</translation>
        </message>
        <message>
            <source>&amp;Import Markdown…</source>
            <translation>&amp;Importer du Markdown…</translation>
        </message>
        <message>
            <source>&amp;New Article</source>
            <translation>&amp;Nouvel article</translation>
        </message>
        <message>
            <source>Loading the demo articles and their photos…</source>
            <translation>Chargement des articles de démonstration et de leurs photos…</translation>
        </message>
        <message>
            <source>&lt;b&gt;The demo was not loaded:&lt;/b&gt; {error}</source>
            <translation>&lt;b&gt;La démo n’a pas été chargée :&lt;/b&gt; {error}</translation>
        </message>
    </context>
    <context>
        <name>Workstation</name>
        <message>
            <source>Open Database</source>
            <translation>Ouvrir une base de données</translation>
        </message>
    </context>
    <context>
        <name>_Badge</name>
        <message>
            <source>Provenance: {layer}</source>
            <translation>Provenance : {layer}</translation>
        </message>
        <message>
            <source>none</source>
            <translation>aucune</translation>
        </message>
    </context>
</TS>
