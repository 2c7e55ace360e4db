# ruff: noqa: E501  (phrase banks: one field per line, long lines are the readable form)
"""Telecom, financial and utility industries (see :mod:`training.corpus.dsl`)."""

from __future__ import annotations

BANK = """
@mobile_telecom | Mobile network
place: network | provider
staff: the shop staff~ | the advisor | the agent | the staff in store~
app: the app | My Account | the website
item: a SIM-only plan | unlimited data | a new handset | a 24 month contract
price: the monthly price | the tariffs~ | the roaming charges~ | the mid-contract price rise
bill: my bill | the monthly bill | the statement
support: customer service | the helpline | the live chat | the retentions team
wait_for: on hold | in the shop | for a new SIM | for my number to transfer
thing: month | line
product: the Max 5G plan | the Essentials 10GB plan | the Family Share plan | the Roam Free add-on | the Unlimited Plus plan | the Galaxy upgrade

# coverage | Network coverage | Signal strength and coverage at home, at work and when travelling; dropped calls and dead zones.
S: the signal | the coverage | the reception | 5G
P: strong | excellent | solid | reliable
N: weak | patchy | non-existent | terrible
+: full bars even in the countryside | signal works in the underground now | never drop calls at home anymore
-: no signal in my own kitchen | calls drop every time I get on the train | 5G icon shows but nothing loads | have to stand by the window to send a text
?: is there 5G coverage in my postcode? | will the new mast improve signal in my area?
!: please improve coverage near the station | could you turn on wifi calling for my phone?
=: I live on the edge of town | I mostly use my phone at work
s+: great signal | strong coverage
s-: no signal | patchy signal | dropped calls
n+: never lose signal | not one dropped call
n-: not exactly strong | hardly any signal
x: love having no signal in my own house, very peaceful | great coverage, if you stand on the roof

# data_speed | Data speed | Mobile internet speed and reliability for browsing, streaming and hotspot use.
S: the data | the 4G | the mobile internet | the speed
P: fast | quick | reliable | amazing
N: slow | unusable | sluggish | painful
+: streams HD on the train without buffering | speed test hit {n}0 Mbps | hotspot good enough to work from
-: pages take forever to load | data crawls every evening | slower than dial-up in town
?: why is my data slow in the evenings? | is there a speed cap on {product}?
!: please stop throttling unlimited plans | could you add more capacity in the city centre?
=: I'm on {product} | I use about {n}GB a month
s+: fast data | quick 5G
s-: slow data | crawling data
n+: never slow | not once buffered
n-: not exactly fast | far from quick

# contract_plan | Contract and plan | Plan terms, upgrades, switching, porting numbers and mid-contract changes.
S: the contract | {product} | the upgrade | the switching process
P: flexible | simple | fair | easy
N: confusing | rigid | unfair | misleading
+: ported my number in a day | upgrade was done in ten minutes | they moved me to a cheaper plan without fuss
-: locked into {n} more months with no way out | they sold me the wrong plan | the PAC code took {n} days | promised unlimited calls then capped them
?: when does my contract end? | can I move to {product} mid-contract? | how do I get my PAC code?
!: please send my PAC code | please put me on {product}
=: I'm {n} months into a 24 month contract | I moved from another network on {day}
s+: easy switch
s-: contract trap | misleading plan
n+: not a hassle at all | never pushed into anything
n-: not exactly flexible | far from simple

@broadband | Broadband provider
place: provider | broadband company
staff: the engineer | the technician | the advisor | the agents~
app: the app | the website | the router settings page
item: fibre broadband | the 500 Mb package | a router upgrade | a TV bundle
price: the monthly price | the price rise | the setup fee | the bundle price
bill: my bill | the final bill | the direct debit
support: tech support | the helpline | customer service
wait_for: for an engineer | on hold | for installation | for the fault to be fixed
thing: month | bill
product: FibreMax 900 | the Home Hub 6 | the Superfast 150 package | the TV Essentials bundle | the Mesh Booster | the Gigabit Pro plan

# speed_reliability | Speed and reliability | Broadband speed compared with what was sold, dropouts and outages.
S: the connection | the broadband | the speed | the internet
P: fast | stable | reliable | rock solid
N: slow | unstable | patchy | down
+: getting the full speed I pay for | not one dropout since we switched | four of us streaming at once with no lag
-: drops out every evening at 8 | paying for 500 and getting 40 | third outage this week | internet down for {n} days
?: is there an outage in my area? | what speed should I get on {product}?
!: please send an engineer to check the line | please tell us about outages by text
=: we're on {product} | I work from home on {day}s
s+: fast internet | rock solid
s-: internet down | slow broadband | down again
n+: never drops | not a single outage
n-: never the speed you pay for | not exactly stable
x: internet down again, great way to spend a deadline day | love paying for {product} and getting dial-up speeds

# installation | Installation | Getting connected: engineer visits, appointments, missed slots and setup.
S: the installation | the engineer visit | the setup | the appointment
P: smooth | quick | tidy | professional
N: messy | delayed | chaotic | missed
+: engineer came on time and tidied up after | connected within a week of ordering | setup took {n} minutes
-: engineer didn't turn up | waited in all day for nothing | drilled through the wrong wall | {n} missed appointments in a row
?: can I change my installation date? | do I need to be home for the install?
!: please confirm the engineer's time slot | please send someone on {day}
=: the install is booked for {day} | the engineer came at {time}
s+: smooth install
s-: no-show engineer | missed appointment
n+: never missed an appointment | not a hitch
n-: not exactly smooth | far from tidy

# router_equipment | Router and equipment | The router, boosters and TV box: wifi range, setup and faults.
S: the router | {product} | the wifi | the TV box
P: great | reliable | powerful | easy
N: useless | weak | faulty | ancient
+: wifi reaches the garden now | {product} was plug and play | new router fixed every problem
-: router reboots itself every night | wifi doesn't reach upstairs | the TV box freezes constantly
?: how do I change the wifi password? | is {product} included?
!: please send a replacement router | please send me {product}
=: the router is in the hallway | we got {product} on {day}
s+: great router
s-: rubbish router | weak wifi
n+: never needed a reboot | not a single dead spot
n-: not exactly powerful | far from reliable

@bank | Bank
place: bank | branch
staff: the branch staff~ | the cashier | the advisor | the mortgage advisor | the manager
app: the banking app | online banking | the app | the website
item: a current account | a personal loan | a mortgage | an overdraft
price: the fees~ | the overdraft charges~ | the interest rates~ | the account fee
bill: my statement | the charges~ | the fee
support: the helpline | the fraud team | customer service | the online chat
wait_for: in the branch | on hold | for my card | for a transfer
thing: transaction | payment
product: the Everyday account | the Premier account | the Saver Plus account | the Rewards credit card | the Fixed 2 Year mortgage | the Instant Saver

# fraud_security | Fraud and security | How the bank protects accounts: fraud checks, blocked cards, scams and security steps.
S: the fraud team | the security checks~ | the card block | the fraud protection
P: quick | reassuring | excellent | thorough
N: slow | useless | excessive | annoying
+: fraud team spotted the dodgy payment in seconds | card frozen and replaced the same day | got my {amount} back after a scam
-: my card gets blocked every time I travel | it took {n} days to get stolen money back | security questions I can never answer | told it was my fault I got scammed
?: how do I report a suspicious text? | is this email from you genuine?
!: please let me unfreeze my card in the app | please call me about the payment on {day}
=: the payment was on {day} | my card ends in {n}{n}
s+: felt safe
s-: card blocked again | scammed
n+: never felt unsafe | not a penny lost
n-: not exactly reassuring | far from secure

# transfers_payments | Transfers and payments | Sending and receiving money: transfers, limits, holds and failed payments.
S: the transfer | the payment | the limits~ | the international transfer
P: instant | quick | easy | smooth
N: slow | blocked | delayed | stuck
+: transfer arrived instantly | set up a standing order in seconds | sending money abroad was cheap and fast
-: payment stuck for {n} days | my rent payment bounced for no reason | daily limit is far too low | transfer held for a "review" with no explanation
?: what is the daily transfer limit? | how long does an international transfer take?
!: please raise my daily limit | please release the payment from {day}
=: sent {amount} to my landlord on {day} | the reference was {ref}
s+: instant transfers
s-: payment stuck | transfer blocked
n+: never had a payment fail | not once delayed
n-: not exactly instant | anything but quick

# branch_service | Branch service | Branch opening hours, closures, counters and in-person help.
S: the branch | the opening hours~ | the counter service
P: convenient | handy | efficient
N: inconvenient | useless | closed
+: the branch still opens on Saturdays | sorted my mortgage papers in one visit
-: they closed our local branch | only one counter open at lunch | nearest branch is {n} miles away
?: is the {day} branch open? | can I pay in cash at the post office?
!: please keep the local branch open | please open on Saturdays
=: I went into the branch on {day} | I visit the branch once a month
s+: handy branch
s-: branch closed
n+: never had a bad visit | not bad at all for a bank branch
n-: not exactly convenient | hardly ever open

@insurance | Insurance company
place: insurer | insurance company
staff: the claims handler | the agent | the staff~ | the assessor | the advisor
app: the app | the online portal | the website | the quote form
item: a car policy | home insurance | pet cover | travel insurance
price: the premium | the renewal price | the excess | the quote
bill: the renewal letter | the direct debit | the premium payment
support: the claims line | customer service | the renewals team
wait_for: on the claims line | for a payout | for the assessor | for my documents
thing: policy | claim
product: Home Plus | Car Comprehensive | PetCare Lifetime | Travel Annual | Contents Lite | Drive Smart

# claims | Claims | Making a claim: how quickly it is handled, paid, assessed and communicated.
S: the claim | the claims process | the payout | the assessment
P: quick | smooth | fair | painless
N: slow | painful | unfair | endless
+: claim paid within {n} days | the assessor came the next morning | no quibbles, just paid
-: claim still open after {n} months | they rejected my claim on a technicality | had to send the same photos {n} times | assessor never turned up
?: how do I check the status of claim {ref}? | what documents do I need for a claim?
!: please update me on claim {ref} | please send the payout to my new account
=: I made a claim on {day} | my claim number is {ref}
s+: easy claim | claim paid
s-: claim rejected | slow claim
n+: never had a claim refused | not a single hassle
n-: not exactly quick | anything but fair
x: great, another form to fill in for a claim from {n} months ago | love being told my claim is "in progress" for half a year

# renewal | Renewals | Renewal prices, loyalty penalties, auto-renewal and quote changes.
S: the renewal | the renewal price | the renewal quote | {product}
P: fair | reasonable | competitive
N: outrageous | unfair | sneaky | inflated
+: renewal actually went down this year | they matched a comparison site quote | reminded me before it renewed
-: renewal up {n}% with no claims | auto-renewed without telling me | new customers get half the price | quote doubled overnight
?: why has my renewal gone up? | can I stop auto-renewal?
!: please turn off auto-renewal | please send my renewal documents
=: my renewal is due on {day} | I've been with you {n} years
s+: fair renewal
s-: renewal rip off
n+: never a big jump | not unreasonable at all
n-: not exactly loyal to loyal customers | far from fair

# policy_clarity | Policy clarity | How clear the policy documents, cover and exclusions are.
S: the policy wording | the documents~ | the cover | the small print
P: clear | simple | easy | straightforward
N: confusing | vague | misleading | impenetrable
+: the summary page made it easy to compare | advisor explained exactly what was covered
-: found out about the exclusion only after claiming | {n} pages of jargon | nobody could tell me if I was covered
?: does {product} cover accidental damage? | is my bike covered away from home?
!: please send a simple summary of my cover | please add the excess to the first page
=: I have {product} | the policy started on {day}
s+: clear cover
s-: confusing policy | misleading cover
n+: no nasty surprises | never left confused
n-: not exactly clear | anything but simple

@energy_utility | Energy supplier
place: supplier | energy company
staff: the engineer | the advisor | the meter reader | the agents~
app: the app | the online account | the website
item: a fixed tariff | my monthly direct debit | a smart meter | a dual fuel plan
price: the tariffs~ | the standing charge | the unit rates~ | the direct debit amount
bill: my bill | the statement | the final bill | my direct debit
support: customer service | the helpline | the complaints team
wait_for: on hold | for a meter fitting | for my final bill | for a refund
thing: bill | reading
product: the Green Fix 24 tariff | the Flex Saver tariff | the EV Night tariff | the Smart Track tariff | the Standard Variable tariff | the Solar Export plan

# meter_readings | Meters and readings | Smart meters, readings, estimated bills and meter installations.
S: the smart meter | the readings~ | the meter | the in-home display
P: accurate | easy | reliable | handy
N: wrong | broken | useless | unreliable
+: smart meter sends readings itself | fitting took {n} minutes | the display helps us cut our use
-: estimated bills for {n} months | smart meter stopped talking to you | they used someone else's reading | the display has never worked
?: how do I submit a reading? | why is my bill estimated? | can I get a smart meter?
!: please send someone to fix my smart meter | please use my actual reading from {day}
=: gave a reading of {n}{n}{n}{n} on {day} | the meter is in the cupboard
s+: smart meter works
s-: estimated bills | broken meter
n+: never estimated | not a single wrong reading
n-: not exactly smart | far from accurate

# tariffs | Tariffs | Tariff choice, fixed and variable deals, switching tariffs and green energy.
S: the tariff | {product} | the tariff options~ | the switch
P: competitive | simple | fair | flexible
N: confusing | expensive | rigid | misleading
+: moved me to {product} and I'm saving {amount} a month | switch took under a week | 100% renewable at a fair price
-: tariff changed without warning | exit fee of {amount} to leave | told me I'd save money and my bill doubled
?: when does my fixed tariff end? | can I switch to {product}?
!: please move me to {product} | please explain the new tariff
=: I'm on {product} | my fix ends on {day}
s+: good tariff
s-: rip off tariff
n+: never felt ripped off | not a bad deal at all
n-: not exactly competitive | far from simple

# supply | Supply and outages | Whether power and gas keep flowing: outages, emergency visits and reconnection.
S: the supply | the power | the emergency response | the repair
P: reliable | quick | steady
N: unreliable | slow | patchy
+: engineer came within {n} hours of the gas leak call | power back on before dinner
-: power cut for {n} hours with no updates | three outages this month | waited two days for gas to be reconnected
?: is there a power cut in my area? | how do I report a gas smell?
!: please text updates during outages | please send someone to check the boiler supply
=: the power went off at {time} | the outage was on {day}
s+: reliable supply
s-: power cut again
n+: never had a power cut | not once off supply
n-: not exactly reliable | far from steady
"""
