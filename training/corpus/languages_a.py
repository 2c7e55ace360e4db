# ruff: noqa: E501  (phrase banks: one field per line, long lines are the readable form)
"""Spanish, French and German phrase banks for the cross-industry themes (written by hand, not translated by a service).

Each language block (``@lang``) lists connectors, openers and generic phrases; theme blocks (``# key``) use the
fields of :mod:`training.corpus.dsl`. Phrases are industry-neutral, so any industry with the theme can use them.
"""

from __future__ import annotations

BANK = """
@es
sarc: Genial, {x}. Me encanta | Qué maravilla: {x} | Fantástico, {x}. Bravo | Perfecto, {x}. Justo lo que necesitaba | Servicio de diez: {x} | Bravo, {x}. Impresionante
hi: Hola, | Buenas, | Hola equipo, | Buenos días,
thx: Gracias. | Un saludo. | Gracias de antemano.
but: pero | sin embargo, | eso sí, | ;
although: Aunque
open: Sinceramente, | La verdad, | Bueno, | Primera vez que vengo. | Cliente desde hace {n} años. | Fuimos el {day}. | A ver,
days: lunes | martes | miércoles | jueves | viernes | sábado | domingo
gen+: me encanta | muy recomendable | todo perfecto | de diez | repetiremos seguro | un servicio excelente | muy contentos con todo | genial como siempre | cinco estrellas
gen-: una experiencia horrible | nunca más | fatal | muy decepcionado | una vergüenza | no lo recomiendo | pésimo | qué desastre | no vuelvo
gen0: sin comentarios | normal | nada que añadir | ni fu ni fa | lo de siempre | es lo que hay | correcto | ya veremos
ver+: En general, muy contento | Volveremos | Lo recomiendo igualmente
ver-: No volveré | En general, decepcionado | No lo recomiendo

# price_value
+: muy buena relación calidad-precio | precios razonables para lo que ofrecen | vale cada euro | más barato que la competencia
-: carísimo para lo que es | han vuelto a subir los precios | {amount} por esto es un robo | cobran extras por todo
?: ¿tenéis descuento para estudiantes? | ¿cuánto cuesta ahora?
!: por favor, mostrad el precio final desde el principio | añadid una opción más barata, por favor
=: pagué {amount} en total | el precio era {amount} el {day}
s+: buen precio | baratísimo
s-: muy caro | un robo
n+: no está nada mal de precio | nunca me he sentido estafado
n-: no es precisamente barato | no es lo que yo llamaría barato
x: genial, otra subida de precio, justo lo que necesitaba

# staff
+: el personal fue muy amable | nos atendieron de maravilla | la chica fue encantadora | siempre con una sonrisa
-: el camarero fue muy borde | nos ignoraron durante media hora | el encargado nos habló fatal | ni un hola al entrar
?: ¿cómo se llama la persona que me atendió el {day}? | ¿dónde puedo dejar una queja sobre el personal?
!: dadle las gracias de mi parte al equipo | por favor, que alguien me atienda en español
=: nos atendió un chico joven | había {n} personas trabajando
s+: personal amable | muy atentos
s-: personal borde | maleducados
n+: no puedo decir que fueran antipáticos | nadie nos trató mal
n-: no fueron precisamente simpáticos | nadie se molestó en ayudarnos
x: me encanta que me ignoren, de verdad, qué atención tan maravillosa

# wait_time
+: apenas tuvimos que esperar | todo muy rápido | en diez minutos estaba listo
-: esperamos {mins} minutos | más de una hora de espera | la cola llegaba hasta la calle | seguimos esperando después de {mins} minutos
?: ¿cuánto se suele esperar? | ¿hay menos gente entre semana?
!: poned más gente los fines de semana, por favor
=: llegamos a las {time} | el {day} por la tarde
s+: muy rápido | sin esperas
s-: muy lento | demasiada espera
n+: nunca he tenido que esperar mucho | la espera no estuvo nada mal
n-: no fue precisamente rápido | no hubo ninguna prisa por atendernos
x: genial, otra hora esperando, mi plan favorito

# digital
+: la app funciona de maravilla | reservar por la web es facilísimo | la nueva versión va muy fluida
-: la app se cuelga cada dos por tres | no pude pagar por la web | la app me cierra la sesión todo el rato | desde la actualización no funciona nada
?: ¿cómo cambio mi dirección en la app? | ¿la app funciona en móviles antiguos?
!: añadid Bizum, por favor | por favor, poned modo oscuro en la app
=: uso la app en un Android | reservé por la web el {day}
s+: app genial | muy fácil
s-: app fatal | web horrible
n+: la app nunca me ha fallado | no se ha colgado ni una vez
n-: la app no es precisamente intuitiva | la web no es nada fácil de usar
x: qué maravilla, la app se ha vuelto a colgar

# billing
+: la factura es muy clara | me devolvieron el dinero en {n} días | ningún cargo sorpresa
-: me cobraron dos veces | sigo esperando un reembolso de {amount} | la factura venía con cargos que no pedí | me cobraron después de darme de baja
?: ¿cuándo me llegará el reembolso? | ¿puedo pagar a plazos?
!: enviadme la factura por correo, por favor | cambiad la fecha de cobro, por favor
=: pagué con tarjeta el {day} | mi referencia es {ref}
s+: factura clara
s-: cobro doble | sin reembolso
n+: nunca me han cobrado de más | ni un error en las facturas
n-: la factura no está nada clara | el reembolso no aparece por ningún lado
x: qué detalle cobrarme dos veces, muy generoso por mi parte

# support
+: atención al cliente me lo resolvió en una llamada | me contestaron en {n} minutos | me llamaron cuando dijeron
-: atención al cliente nunca contestó | mandé {n} correos y nada | me colgaron el teléfono | el chatbot no sirve para nada
?: ¿me podéis escribir por privado? | ¿cuál es el teléfono de atención al cliente? | ¿hay chat en directo?
!: escribidme por privado, por favor | que alguien me llame el {day}, por favor
=: llamé el {day} a las {time} | mi número de incidencia es {ref}
s+: gran atención | respuesta rápida
s-: sin respuesta | atención pésima
n+: nunca me han dejado sin respuesta | no me puedo quejar del soporte
n-: nadie se digna a contestar | no han respondido en {n} días
x: gracias por la respuesta... ah no, que nunca llegó

@fr
sarc: Génial, {x}. J'adore | Magnifique : {x} | Bravo, {x}. Vraiment top | Parfait, {x}. Exactement ce qu'il me fallait | Service cinq étoiles : {x} | Super, {x}. Merci
hi: Bonjour, | Salut, | Bonsoir, | Bonjour à l'équipe,
thx: Merci. | Merci d'avance. | Cordialement.
but: mais | par contre, | cependant, | ;
although: Même si
open: Franchement, | Honnêtement, | Bon, | Première visite. | Client depuis {n} ans. | Venus {day} dernier. | Alors,
days: lundi | mardi | mercredi | jeudi | vendredi | samedi | dimanche
gen+: j'adore | je recommande vivement | tout était parfait | au top | on reviendra | service impeccable | très satisfait | génial comme toujours | cinq étoiles
gen-: expérience horrible | plus jamais | nul | très déçu | une honte | je ne recommande pas | catastrophique | quel désastre | je ne reviendrai pas
gen0: rien à signaler | correct | rien à ajouter | bof | comme d'habitude | c'est comme ça | sans avis | on verra
ver+: Globalement très content | On reviendra | Je recommande quand même
ver-: Je ne reviendrai pas | Globalement déçu | Je ne recommande pas

# price_value
+: très bon rapport qualité-prix | des prix raisonnables | ça vaut largement le prix | moins cher que la concurrence
-: beaucoup trop cher pour ce que c'est | les prix ont encore augmenté | {amount} pour ça, c'est du vol | des frais cachés partout
?: vous faites une réduction étudiant ? | combien ça coûte maintenant ?
!: merci d'afficher le prix total dès le début | proposez une formule moins chère svp
=: j'ai payé {amount} au total | le prix était de {amount} {day}
s+: bon prix | pas cher
s-: trop cher | arnaque
n+: pas cher du tout | jamais eu l'impression de payer trop
n-: pas vraiment donné | ce n'est pas ce que j'appelle bon marché
x: super, encore une hausse de prix, merci beaucoup

# staff
+: le personnel était adorable | accueil très chaleureux | la serveuse était aux petits soins | toujours souriants
-: le serveur était désagréable | on nous a ignorés pendant vingt minutes | le responsable nous a parlé de haut | pas un bonjour
?: comment s'appelle la personne qui m'a servi {day} ? | à qui m'adresser pour parler du personnel ?
!: transmettez mes remerciements à l'équipe svp | merci de former le personnel à l'accueil
=: c'est un jeune homme qui nous a servis | ils étaient {n} à travailler
s+: personnel adorable | très accueillant
s-: personnel désagréable | impolis
n+: je ne dirais pas qu'ils étaient désagréables | personne ne nous a mal parlé
n-: pas vraiment accueillants | personne n'a pris la peine de nous aider
x: j'adore être ignoré, quel accueil formidable

# wait_time
+: presque pas d'attente | tout est allé très vite | servis en dix minutes
-: on a attendu {mins} minutes | plus d'une heure d'attente | la file allait jusqu'à la rue | toujours en attente après {mins} minutes
?: combien de temps faut-il attendre en général ? | c'est plus calme en semaine ?
!: mettez plus de monde le week-end svp
=: arrivés à {time} | c'était {day} après-midi
s+: très rapide | pas d'attente
s-: trop lent | attente interminable
n+: jamais attendu longtemps | l'attente n'était pas si terrible
n-: pas vraiment rapide | aucune urgence pour nous servir
x: génial, encore une heure d'attente, mon passe-temps préféré

# digital
+: l'appli marche super bien | réserver sur le site est très simple | la nouvelle version est fluide
-: l'appli plante sans arrêt | impossible de payer sur le site | l'appli me déconnecte tout le temps | depuis la mise à jour rien ne marche
?: comment changer mon adresse dans l'appli ? | l'appli marche sur les vieux téléphones ?
!: ajoutez Apple Pay svp | un mode sombre dans l'appli, ce serait top
=: j'utilise l'appli sur Android | j'ai réservé sur le site {day}
s+: appli géniale | très simple
s-: appli buggée | site nul
n+: l'appli ne m'a jamais lâché | pas un seul plantage
n-: l'appli n'est pas vraiment intuitive | le site n'a rien de simple
x: magnifique, l'appli a encore planté

# billing
+: facture claire | remboursé en {n} jours | aucun frais surprise
-: j'ai été débité deux fois | toujours pas remboursé de {amount} | des frais que je n'ai jamais demandés sur la facture | prélevé après ma résiliation
?: quand vais-je recevoir le remboursement ? | je peux payer en plusieurs fois ?
!: envoyez-moi la facture par mail svp | merci de changer la date de prélèvement
=: payé par carte {day} | ma référence est {ref}
s+: facture claire
s-: double prélèvement | pas remboursé
n+: jamais eu d'erreur de facture | jamais débité en trop
n-: la facture n'a rien de clair | le remboursement est introuvable
x: merci de m'avoir débité deux fois, c'est trop gentil

# support
+: le service client a tout réglé en un appel | réponse en {n} minutes | ils m'ont rappelé comme promis
-: le service client ne répond jamais | {n} mails et aucune réponse | on m'a raccroché au nez | le chatbot tourne en rond
?: vous pouvez m'écrire en privé ? | quel est le numéro du service client ? | il y a un chat en direct ?
!: contactez-moi en MP svp | merci de me rappeler {day}
=: j'ai appelé {day} à {time} | mon numéro de dossier est {ref}
s+: service client top | réponse rapide
s-: aucune réponse | service client nul
n+: jamais resté sans réponse | rien à redire sur le service client
n-: personne ne daigne répondre | pas une réponse en {n} jours
x: merci pour la réponse... ah non, il n'y en a pas eu

@de
sarc: Super, {x}. Ich liebe es | Wunderbar: {x} | Toll gemacht, {x}. Wirklich beeindruckend | Perfekt, {x}. Genau das, was ich brauchte | Fünf-Sterne-Service: {x} | Klasse, {x}. Danke auch
hi: Hallo, | Guten Tag, | Hi, | Moin,
thx: Danke. | Vielen Dank im Voraus. | Grüße.
but: aber | doch | — | ;
open: Ehrlich gesagt, | Also, | Na ja, | Zum ersten Mal hier. | Seit {n} Jahren Kunde. | Wir waren am {day} da. | Kurz gesagt:
days: Montag | Dienstag | Mittwoch | Donnerstag | Freitag | Samstag | Sonntag
gen+: super | absolut empfehlenswert | alles perfekt | top | wir kommen wieder | toller Service | sehr zufrieden | wie immer klasse | fünf Sterne
gen-: furchtbare Erfahrung | nie wieder | katastrophal | sehr enttäuscht | eine Frechheit | nicht zu empfehlen | unterirdisch | was für ein Chaos | komme nicht wieder
gen0: kein Kommentar | ganz normal | nichts hinzuzufügen | naja | wie immer | ist halt so | ok | mal sehen
ver+: Insgesamt sehr zufrieden | Wir kommen wieder | Trotzdem empfehlenswert
ver-: Nie wieder | Insgesamt enttäuscht | Nicht zu empfehlen

# price_value
+: super Preis-Leistungs-Verhältnis | faire Preise | jeden Cent wert | günstiger als die Konkurrenz
-: viel zu teuer für das, was man bekommt | schon wieder eine Preiserhöhung | {amount} dafür ist Wucher | überall versteckte Gebühren
?: gibt es einen Studentenrabatt? | was kostet das inzwischen?
!: bitte den Endpreis gleich anzeigen | bitte eine günstigere Option anbieten
=: habe insgesamt {amount} bezahlt | der Preis war am {day} {amount}
s+: guter Preis | günstig
s-: viel zu teuer | Abzocke
n+: preislich gar nicht schlecht | nie das Gefühl gehabt, zu viel zu zahlen
n-: nicht gerade günstig | nicht das, was ich preiswert nenne
x: toll, schon wieder teurer, genau was wir brauchen

# staff
+: das Personal war total freundlich | wir wurden super herzlich empfangen | die Bedienung war sehr aufmerksam | immer gut gelaunt
-: der Kellner war unhöflich | man hat uns zwanzig Minuten ignoriert | der Filialleiter war herablassend | nicht mal ein Hallo
?: wie heißt die Mitarbeiterin, die mir am {day} geholfen hat? | wo kann ich mich über einen Mitarbeiter beschweren?
!: bitte richten Sie dem Team meinen Dank aus | bitte schulen Sie die Mitarbeiter im Umgang mit Kunden
=: wir wurden von einem jungen Mann bedient | es waren {n} Leute im Dienst
s+: nettes Personal | sehr freundlich
s-: unfreundliches Personal | unhöflich
n+: ich würde nicht sagen, dass sie unfreundlich waren | niemand war unhöflich
n-: nicht gerade herzlich | keiner hat sich bemüht zu helfen
x: ich liebe es, ignoriert zu werden, wirklich toller Service

# wait_time
+: kaum Wartezeit | alles ging sehr schnell | in zehn Minuten erledigt
-: wir haben {mins} Minuten gewartet | über eine Stunde Wartezeit | die Schlange ging bis auf die Straße | nach {mins} Minuten immer noch nichts
?: wie lange wartet man normalerweise? | ist es unter der Woche ruhiger?
!: bitte am Wochenende mehr Personal einplanen
=: wir kamen um {time} an | es war {day} Nachmittag
s+: sehr schnell | keine Wartezeit
s-: viel zu langsam | ewig gewartet
n+: nie lange gewartet | die Wartezeit war gar nicht schlimm
n-: nicht gerade schnell | von Eile keine Spur
x: super, wieder eine Stunde warten, mein Lieblingshobby

# digital
+: die App funktioniert einwandfrei | online buchen ist total einfach | die neue Version läuft flüssig
-: die App stürzt ständig ab | Bezahlen auf der Website ging nicht | die App meldet mich dauernd ab | seit dem Update geht gar nichts mehr
?: wie ändere ich meine Adresse in der App? | läuft die App auch auf älteren Handys?
!: bitte PayPal in der App anbieten | bitte einen Dunkelmodus einbauen
=: ich nutze die App auf einem Android-Handy | habe am {day} online gebucht
s+: tolle App | sehr einfach
s-: App stürzt ab | Website mies
n+: die App hat mich nie im Stich gelassen | nicht ein einziger Absturz
n-: die App ist nicht gerade intuitiv | die Website ist alles andere als einfach
x: wunderbar, die App ist schon wieder abgestürzt

# billing
+: die Rechnung ist klar und verständlich | Geld war in {n} Tagen zurück | keine versteckten Kosten
-: mir wurde doppelt abgebucht | warte immer noch auf eine Erstattung von {amount} | auf der Rechnung standen Posten, die ich nie bestellt habe | nach der Kündigung trotzdem abgebucht
?: wann kommt die Erstattung? | kann ich in Raten zahlen?
!: bitte schicken Sie mir die Rechnung per Mail | bitte das Abbuchungsdatum ändern
=: am {day} mit Karte bezahlt | meine Kundennummer ist {ref}
s+: klare Rechnung
s-: doppelt abgebucht | keine Erstattung
n+: noch nie zu viel berechnet | kein einziger Fehler auf der Rechnung
n-: die Rechnung ist alles andere als klar | von der Erstattung keine Spur
x: danke fürs doppelte Abbuchen, sehr großzügig von mir

# support
+: der Kundenservice hat alles in einem Anruf gelöst | Antwort innerhalb von {n} Minuten | wie versprochen zurückgerufen
-: der Kundenservice antwortet nie | {n} Mails und keine Antwort | man hat einfach aufgelegt | der Chatbot dreht sich im Kreis
?: können Sie mir eine DM schicken? | wie erreiche ich den Kundenservice? | gibt es einen Live-Chat?
!: bitte per DM melden | bitte rufen Sie mich am {day} zurück
=: habe am {day} um {time} angerufen | meine Vorgangsnummer ist {ref}
s+: toller Support | schnelle Antwort
s-: keine Antwort | Support miserabel
n+: nie ohne Antwort geblieben | am Support gibt es nichts auszusetzen
n-: niemand meldet sich | seit {n} Tagen keine Antwort
x: danke für die Antwort... ach nein, es kam ja keine
"""
