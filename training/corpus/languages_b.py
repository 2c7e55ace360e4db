# ruff: noqa: E501  (phrase banks: one field per line, long lines are the readable form)
"""Portuguese, Italian and Dutch phrase banks for the cross-industry themes (see :mod:`training.corpus.languages_a`)."""

from __future__ import annotations

BANK = """
@pt
sarc: Ótimo, {x}. Adorei | Que maravilha: {x} | Parabéns, {x}. Impressionante | Perfeito, {x}. Era tudo o que eu precisava | Atendimento nota dez: {x} | Show, {x}. Valeu
hi: Olá, | Oi, | Bom dia, | Boa tarde,
thx: Obrigado. | Desde já agradeço. | Abraço.
but: mas | no entanto, | porém | ;
open: Sinceramente, | Olha, | Bem, | Primeira vez aqui. | Cliente há {n} anos. | Fomos na {day}. | Resumindo:
days: segunda | terça | quarta | quinta | sexta | sábado | domingo
gen+: adorei | recomendo muito | tudo perfeito | nota dez | voltaremos com certeza | atendimento excelente | muito satisfeito | ótimo como sempre | cinco estrelas
gen-: experiência horrível | nunca mais | péssimo | muito decepcionado | uma vergonha | não recomendo | terrível | que desastre | não volto
gen0: sem comentários | normal | nada a acrescentar | mais ou menos | o de sempre | é o que é | ok | vamos ver
ver+: No geral, muito satisfeito | Vou voltar | Recomendo mesmo assim
ver-: Não volto mais | No geral, decepcionado | Não recomendo

# price_value
+: ótima relação qualidade-preço | preços justos | vale cada centavo | mais barato que a concorrência
-: caro demais para o que é | aumentaram os preços de novo | {amount} por isso é um roubo | taxas escondidas em tudo
?: vocês têm desconto para estudantes? | quanto custa agora?
!: por favor, mostrem o preço final logo no início | ofereçam uma opção mais barata, por favor
=: paguei {amount} no total | o preço era {amount} na {day}
s+: preço bom | baratinho
s-: caríssimo | um roubo
n+: nada mal de preço | nunca me senti enganado
n-: não é exatamente barato | não é o que eu chamaria de barato
x: que maravilha, mais um aumento de preço, era tudo o que eu queria

# staff
+: os funcionários foram muito simpáticos | fomos super bem recebidos | a atendente foi um amor | sempre sorridentes
-: o garçom foi grosso | fomos ignorados por vinte minutos | o gerente falou com a gente de cima | nem um bom dia
?: qual o nome da pessoa que me atendeu na {day}? | onde posso reclamar de um funcionário?
!: agradeçam à equipe por mim, por favor | por favor, treinem melhor o pessoal
=: fomos atendidos por um rapaz | havia {n} pessoas trabalhando
s+: equipe simpática | muito atenciosos
s-: atendentes grossos | mal-educados
n+: não diria que foram antipáticos | ninguém nos tratou mal
n-: não foram exatamente simpáticos | ninguém se deu ao trabalho de ajudar
x: adoro ser ignorado, que atendimento maravilhoso

# wait_time
+: quase não esperamos | tudo muito rápido | em dez minutos estava pronto
-: esperamos {mins} minutos | mais de uma hora de espera | a fila ia até a rua | ainda esperando depois de {mins} minutos
?: quanto tempo costuma ser a espera? | é mais tranquilo durante a semana?
!: coloquem mais gente no fim de semana, por favor
=: chegamos às {time} | foi na {day} à tarde
s+: super rápido | sem espera
s-: lento demais | espera enorme
n+: nunca esperei muito | a espera não foi nada má
n-: não foi exatamente rápido | nenhuma pressa em atender
x: ótimo, mais uma hora de espera, meu passatempo favorito

# digital
+: o app funciona muito bem | reservar pelo site é facílimo | a nova versão está bem fluida
-: o app trava toda hora | não consegui pagar pelo site | o app me desloga o tempo todo | depois da atualização nada funciona
?: como mudo meu endereço no app? | o app funciona em celular antigo?
!: adicionem Pix, por favor | coloquem modo escuro no app, por favor
=: uso o app num Android | reservei pelo site na {day}
s+: app ótimo | muito fácil
s-: app trava | site horrível
n+: o app nunca me deixou na mão | não travou nenhuma vez
n-: o app não é exatamente intuitivo | o site não tem nada de fácil
x: que beleza, o app travou de novo

# billing
+: a fatura é bem clara | reembolsaram em {n} dias | nenhuma cobrança surpresa
-: fui cobrado duas vezes | ainda esperando o reembolso de {amount} | a fatura veio com cobranças que nunca pedi | cobraram depois que cancelei
?: quando cai o reembolso? | posso parcelar?
!: mandem a fatura por e-mail, por favor | por favor, mudem a data de cobrança
=: paguei no cartão na {day} | minha referência é {ref}
s+: fatura clara
s-: cobrança dupla | sem reembolso
n+: nunca fui cobrado a mais | nenhum erro na fatura
n-: a fatura não tem nada de clara | o reembolso não aparece em lugar nenhum
x: que gentileza me cobrar duas vezes, muito generoso da minha parte

# support
+: o atendimento resolveu tudo numa ligação | responderam em {n} minutos | me ligaram de volta como prometido
-: o SAC nunca responde | mandei {n} e-mails e nada | desligaram na minha cara | o chatbot só anda em círculos
?: podem me chamar no privado? | qual o telefone do atendimento? | tem chat ao vivo?
!: me chamem no direct, por favor | alguém pode me ligar na {day}?
=: liguei na {day} às {time} | meu protocolo é {ref}
s+: ótimo atendimento | resposta rápida
s-: sem resposta | atendimento péssimo
n+: nunca fiquei sem resposta | não tenho do que reclamar do suporte
n-: ninguém se dá ao trabalho de responder | nenhuma resposta em {n} dias
x: obrigado pela resposta... ah não, ela nunca veio

@it
sarc: Fantastico, {x}. Adoro | Che meraviglia: {x} | Complimenti, {x}. Davvero impressionante | Perfetto, {x}. Proprio quello che mi serviva | Servizio a cinque stelle: {x} | Ottimo, {x}. Grazie eh
hi: Ciao, | Buongiorno, | Salve, | Buonasera,
thx: Grazie. | Grazie mille. | Saluti.
but: ma | però | tuttavia, | ;
although: Anche se
open: Sinceramente, | Allora, | Beh, | Prima volta qui. | Cliente da {n} anni. | Siamo stati lì {day}. | In breve:
days: lunedì | martedì | mercoledì | giovedì | venerdì | sabato | domenica
gen+: adoro | consigliatissimo | tutto perfetto | il top | torneremo sicuramente | servizio eccellente | molto soddisfatto | fantastico come sempre | cinque stelle
gen-: esperienza orribile | mai più | pessimo | molto deluso | una vergogna | non lo consiglio | terribile | che disastro | non torno più
gen0: nessun commento | normale | niente da aggiungere | così così | il solito | è quello che è | ok | vedremo
ver+: Nel complesso molto soddisfatto | Torneremo | Lo consiglio comunque
ver-: Non tornerò | Nel complesso deluso | Non lo consiglio

# price_value
+: ottimo rapporto qualità-prezzo | prezzi onesti | vale ogni centesimo | più economico della concorrenza
-: troppo caro per quello che è | hanno aumentato di nuovo i prezzi | {amount} per questo è un furto | costi nascosti ovunque
?: fate sconti per studenti? | quanto costa adesso?
!: per favore mostrate subito il prezzo finale | aggiungete un'opzione più economica, grazie
=: ho pagato {amount} in tutto | il prezzo era {amount} {day}
s+: buon prezzo | economico
s-: carissimo | un furto
n+: niente male come prezzo | mai sentito fregato
n-: non proprio economico | non è quello che chiamerei conveniente
x: fantastico, un altro aumento, proprio quello che ci serviva

# staff
+: il personale è stato gentilissimo | accoglienza calorosa | la cameriera è stata molto attenta | sempre sorridenti
-: il cameriere è stato scortese | ci hanno ignorato per venti minuti | il responsabile ci ha trattato dall'alto in basso | neanche un buongiorno
?: come si chiama la persona che mi ha servito {day}? | a chi posso segnalare un dipendente?
!: ringraziate lo staff da parte mia | per favore formate meglio il personale
=: ci ha servito un ragazzo giovane | c'erano {n} persone al lavoro
s+: staff gentile | molto cordiali
s-: personale scortese | maleducati
n+: non direi che fossero antipatici | nessuno ci ha trattato male
n-: non proprio accoglienti | nessuno si è preso la briga di aiutarci
x: adoro essere ignorato, che servizio meraviglioso

# wait_time
+: quasi nessuna attesa | tutto velocissimo | pronto in dieci minuti
-: abbiamo aspettato {mins} minuti | più di un'ora di attesa | la fila arrivava fino in strada | ancora in attesa dopo {mins} minuti
?: quanto si aspetta di solito? | in settimana c'è meno gente?
!: mettete più personale nel fine settimana, per favore
=: siamo arrivati alle {time} | era {day} pomeriggio
s+: velocissimi | nessuna attesa
s-: troppo lenti | attesa infinita
n+: mai aspettato tanto | l'attesa non è stata affatto male
n-: non proprio veloci | nessuna fretta di servirci
x: perfetto, un'altra ora di attesa, il mio passatempo preferito

# digital
+: l'app funziona benissimo | prenotare sul sito è facilissimo | la nuova versione è fluida
-: l'app si blocca di continuo | non sono riuscito a pagare sul sito | l'app mi disconnette sempre | dopo l'aggiornamento non funziona niente
?: come cambio l'indirizzo nell'app? | l'app funziona sui telefoni vecchi?
!: aggiungete Satispay, per favore | mettete la modalità scura nell'app
=: uso l'app su Android | ho prenotato sul sito {day}
s+: app ottima | facilissimo
s-: app bloccata | sito pessimo
n+: l'app non mi ha mai tradito | neanche un crash
n-: l'app non è proprio intuitiva | il sito è tutt'altro che semplice
x: meraviglioso, l'app si è bloccata di nuovo

# billing
+: la fattura è chiarissima | rimborsato in {n} giorni | nessun addebito a sorpresa
-: mi hanno addebitato due volte | aspetto ancora un rimborso di {amount} | in fattura voci che non ho mai chiesto | addebitato dopo la disdetta
?: quando arriva il rimborso? | posso pagare a rate?
!: mandatemi la fattura via mail, per favore | cambiate la data di addebito, grazie
=: pagato con carta {day} | il mio codice pratica è {ref}
s+: fattura chiara
s-: doppio addebito | nessun rimborso
n+: mai addebitato di più | neanche un errore in fattura
n-: la fattura è tutt'altro che chiara | del rimborso nessuna traccia
x: grazie per l'addebito doppio, che generosità da parte mia

# support
+: l'assistenza ha risolto tutto con una chiamata | risposta in {n} minuti | mi hanno richiamato come promesso
-: l'assistenza non risponde mai | {n} email e nessuna risposta | mi hanno chiuso il telefono in faccia | il chatbot gira a vuoto
?: potete scrivermi in privato? | qual è il numero dell'assistenza? | c'è una chat dal vivo?
!: scrivetemi in DM, per favore | qualcuno può richiamarmi {day}?
=: ho chiamato {day} alle {time} | il numero della pratica è {ref}
s+: assistenza top | risposta veloce
s-: nessuna risposta | assistenza pessima
n+: mai rimasto senza risposta | niente da dire sull'assistenza
n-: nessuno si degna di rispondere | nessuna risposta da {n} giorni
x: grazie per la risposta... ah no, non è mai arrivata

@nl
sarc: Top, {x}. Heerlijk | Wat geweldig: {x} | Goed bezig, {x}. Echt indrukwekkend | Perfect, {x}. Precies wat ik nodig had | Vijfsterrenservice: {x} | Lekker dan, {x}. Bedankt hoor
hi: Hoi, | Hallo, | Goedemiddag, | Beste,
thx: Bedankt. | Alvast bedankt. | Groetjes.
but: maar | alleen | — | ;
open: Eerlijk gezegd, | Nou, | Tja, | Eerste keer hier. | Al {n} jaar klant. | We waren er op {day}. | Kortom:
days: maandag | dinsdag | woensdag | donderdag | vrijdag | zaterdag | zondag
gen+: top | echt een aanrader | alles perfect | super | we komen zeker terug | geweldige service | heel tevreden | zoals altijd top | vijf sterren
gen-: vreselijke ervaring | nooit meer | waardeloos | erg teleurgesteld | een schande | geen aanrader | dramatisch | wat een puinhoop | ik kom niet meer terug
gen0: geen opmerkingen | prima | niets toe te voegen | gaat wel | zoals altijd | het is wat het is | ok | we zullen zien
ver+: Over het algemeen heel tevreden | We komen terug | Toch een aanrader
ver-: Ik kom niet terug | Over het algemeen teleurgesteld | Geen aanrader

# price_value
+: prima prijs-kwaliteitverhouding | eerlijke prijzen | elke cent waard | goedkoper dan de concurrent
-: veel te duur voor wat het is | de prijzen zijn alweer omhoog | {amount} hiervoor is diefstal | overal verborgen kosten
?: hebben jullie studentenkorting? | wat kost het nu?
!: laat de totaalprijs graag meteen zien | bied alsjeblieft een goedkopere optie aan
=: ik heb {amount} in totaal betaald | de prijs was {amount} op {day}
s+: goede prijs | goedkoop
s-: veel te duur | oplichterij
n+: qua prijs helemaal niet slecht | nooit het gevoel gehad dat ik te veel betaalde
n-: niet bepaald goedkoop | niet wat ik voordelig zou noemen
x: fijn, weer een prijsverhoging, precies wat we nodig hadden

# staff
+: het personeel was ontzettend vriendelijk | we werden heel hartelijk ontvangen | de serveerster was heel attent | altijd vrolijk
-: de ober was onbeleefd | we werden twintig minuten genegeerd | de manager deed uit de hoogte | niet eens een goedendag
?: hoe heet de medewerker die me op {day} hielp? | waar kan ik een klacht over een medewerker indienen?
!: bedank het team namens mij | train het personeel alsjeblieft beter
=: we werden geholpen door een jonge jongen | er werkten {n} mensen
s+: vriendelijk personeel | heel behulpzaam
s-: onbeleefd personeel | onvriendelijk
n+: ik zou niet zeggen dat ze onvriendelijk waren | niemand was onaardig
n-: niet bepaald gastvrij | niemand nam de moeite om te helpen
x: heerlijk om genegeerd te worden, wat een service

# wait_time
+: nauwelijks gewacht | alles ging heel snel | binnen tien minuten klaar
-: we hebben {mins} minuten gewacht | meer dan een uur wachten | de rij stond tot buiten | na {mins} minuten nog steeds niks
?: hoe lang moet je meestal wachten? | is het doordeweeks rustiger?
!: zet in het weekend alsjeblieft meer mensen in
=: we kwamen om {time} aan | het was {day}middag
s+: heel snel | geen wachttijd
s-: veel te traag | eindeloos wachten
n+: nooit lang hoeven wachten | de wachttijd viel helemaal mee
n-: niet bepaald snel | van haast geen sprake
x: top, weer een uur wachten, mijn favoriete hobby

# digital
+: de app werkt perfect | online boeken is heel makkelijk | de nieuwe versie loopt soepel
-: de app crasht constant | betalen via de website lukte niet | de app logt me steeds uit | sinds de update werkt niks meer
?: hoe wijzig ik mijn adres in de app? | werkt de app op oudere telefoons?
!: voeg alsjeblieft iDEAL toe in de app | graag een donkere modus
=: ik gebruik de app op Android | ik heb op {day} online geboekt
s+: top app | heel makkelijk
s-: app crasht | waardeloze site
n+: de app heeft me nog nooit in de steek gelaten | geen enkele crash
n-: de app is niet bepaald gebruiksvriendelijk | de website is allesbehalve makkelijk
x: geweldig, de app is weer gecrasht

# billing
+: de factuur is helder | binnen {n} dagen terugbetaald | geen verrassingen op de rekening
-: ik ben twee keer afgeschreven | wacht nog steeds op een terugbetaling van {amount} | kosten op de factuur die ik nooit heb besteld | afgeschreven na mijn opzegging
?: wanneer krijg ik mijn geld terug? | kan ik in termijnen betalen?
!: stuur de factuur graag per mail | wijzig alsjeblieft de afschrijfdatum
=: op {day} met pin betaald | mijn klantnummer is {ref}
s+: heldere factuur
s-: dubbel afgeschreven | geen terugbetaling
n+: nooit te veel betaald | geen enkele fout op de factuur
n-: de factuur is allesbehalve duidelijk | van de terugbetaling geen spoor
x: bedankt voor de dubbele afschrijving, wat gul van mij

# support
+: de klantenservice loste alles in één gesprek op | binnen {n} minuten antwoord | ze belden terug zoals beloofd
-: de klantenservice reageert nooit | {n} mails en geen antwoord | ze hingen gewoon op | de chatbot draait rondjes
?: kunnen jullie me een DM sturen? | wat is het nummer van de klantenservice? | is er een livechat?
!: stuur me even een DM | kan iemand me op {day} terugbellen?
=: ik belde op {day} om {time} | mijn dossiernummer is {ref}
s+: top klantenservice | snel antwoord
s-: geen antwoord | klantenservice waardeloos
n+: nooit zonder antwoord gebleven | niets op de klantenservice aan te merken
n-: niemand neemt de moeite te reageren | al {n} dagen geen antwoord
x: bedankt voor het antwoord... o nee, dat kwam nooit
"""
