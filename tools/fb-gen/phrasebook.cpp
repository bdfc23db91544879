// Hand-written phrasebook for fb-gen. All texts are original, UTF-8, single-line, and contain no
// double quotes or backslashes so they can be embedded in JSON/CSV without escaping trouble.
#include "phrasebook.h"

namespace fbgen {
namespace {

// Agrupador names, byte-exact as in the default category list.
constexpr std::string_view kApp = "Aplicativo";
constexpr std::string_view kAtend = "Atendimento";
constexpr std::string_view kAgencia = "Agência e Caixas";
constexpr std::string_view kCartao = "Cartão";
constexpr std::string_view kPix = "Pix e Transferências";
constexpr std::string_view kTarifa = "Tarifas e Cobranças";
constexpr std::string_view kEmprest = "Empréstimos e Financiamentos";
constexpr std::string_view kConta = "Conta";
constexpr std::string_view kSeg = "Segurança e Fraude";
constexpr std::string_view kInvest = "Investimentos";
constexpr std::string_view kOutros = "Outros";

constexpr bool kPos = true;
constexpr bool kNeg = false;

// ---------------------------------------------------------------------------------------------
// Phrases
// ---------------------------------------------------------------------------------------------
constexpr Phrase kPhrases[] = {
    // ----- Aplicativo -----
    {kApp, kNeg, 2, "O app poderia ser um pouco mais rápido, às vezes {app_funcao} demora alguns segundos para abrir."},
    {kApp, kNeg, 2, "Depois da última atualização o layout do aplicativo ficou meio confuso, demorei para achar {app_funcao}."},
    {kApp, kNeg, 3, "O aplicativo fica travando toda vez que tento abrir {app_funcao}, preciso fechar e abrir de novo."},
    {kApp, kNeg, 3, "Não consigo fazer login no app desde ontem, aparece erro de conexão mesmo com a internet funcionando normal."},
    {kApp, kNeg, 3, "Depois da atualização o app ficou extremamente lento no meu {celular}, {app_funcao} leva quase um minuto para carregar."},
    {kApp, kNeg, 3, "A biometria do aplicativo parou de funcionar e agora tenho que digitar a senha toda vez, muito chato."},
    {kApp, kNeg, 3, "O app pede para atualizar mas a nova versão não aparece na loja do meu {celular}, fico sem acesso."},
    {kApp, kNeg, 4, "Faz {dias} dias que o aplicativo não abre, fica só na tela de carregamento e não consigo nem ver meu saldo."},
    {kApp, kNeg, 4, "O app desconecta sozinho no meio das operações e {app_funcao} dá erro toda vez, já reinstalei {vezes} vezes e nada resolve."},
    {kApp, kNeg, 4, "O token do aplicativo não é gerado e sem ele não consigo fazer nada no internet banking, isso é um absurdo."},
    {kApp, kNeg, 4, "Tentei pagar um boleto pelo app e ele travou na tela de confirmação, não sei se o pagamento foi feito ou não."},
    {kApp, kNeg, 4, "O internet banking fica fora do ar todo fim de mês, justo quando preciso pagar as contas, e o app também não funciona."},
    {kApp, kNeg, 5, "O aplicativo caiu no meio de um pagamento de {valor}, o dinheiro saiu da conta e o boleto continua como não pago."},
    {kApp, kNeg, 5, "Estou há {dias} dias sem conseguir acessar o app nem o internet banking, não consigo movimentar meu salário e ninguém resolve."},
    {kApp, kPos, 1, "O aplicativo de vocês é excelente, rápido, fácil de usar e nunca me deixou na mão."},
    {kApp, kPos, 1, "Adorei a nova versão do app, {app_funcao} ficou muito mais prático e intuitivo de usar."},
    {kApp, kPos, 1, "Consigo resolver tudo pelo aplicativo sem precisar ir na agência, parabéns pela praticidade."},
    {kApp, kPos, 1, "O login com biometria no app é super rápido, entro na conta em segundos pelo meu {celular}."},
    {kApp, kPos, 1, "Internet banking muito bom, tudo bem organizado e funcionando perfeitamente no computador e no celular."},
    {kApp, kPos, 2, "Gosto muito do aplicativo, é estável e bonito, só sinto falta de um modo escuro."},
    {kApp, kPos, 2, "O app melhorou bastante depois da atualização, só {app_funcao} ainda demora um pouquinho para carregar."},

    // ----- Atendimento -----
    {kAtend, kNeg, 2, "O atendimento foi educado, mas a atendente parecia não conhecer bem o assunto e precisou consultar alguém toda hora."},
    {kAtend, kNeg, 2, "Esperei um pouco mais do que gostaria no chat, mas no fim o atendente respondeu minha dúvida."},
    {kAtend, kNeg, 3, "Fiquei {tempo_fila} esperando na linha da central de atendimento até alguém atender, isso é muito demorado."},
    {kAtend, kNeg, 3, "Entrei em contato com {atendente_canal} e cada atendente me deu uma informação diferente, ninguém sabe o que fala."},
    {kAtend, kNeg, 3, "O chat me passou de um atendente para outro {vezes} vezes e no final a conversa caiu sem resposta."},
    {kAtend, kNeg, 3, "Meu gerente nunca responde as mensagens, demora dias para dar um retorno simples."},
    {kAtend, kNeg, 4, "Já liguei {vezes} vezes para a central de atendimento, abri protocolo e até agora nada foi feito."},
    {kAtend, kNeg, 4, "Fui extremamente mal atendido pelo gerente, que foi grosseiro e se recusou a ouvir meu problema."},
    {kAtend, kNeg, 4, "A central de atendimento não deixa falar com um atendente humano, fico preso no menu eletrônico e a ligação cai."},
    {kAtend, kNeg, 4, "Prometeram um retorno em até {dias} dias úteis e ninguém me ligou, o atendimento de vocês é péssimo."},
    {kAtend, kNeg, 4, "Reclamei com {atendente_canal} sobre o mesmo problema há {meses} meses e continuo sem solução, só me enrolam."},
    {kAtend, kNeg, 5, "Depois de {vezes} tentativas com {atendente_canal} e vários protocolos sem solução, vou registrar reclamação no Reclame Aqui e no Procon."},
    {kAtend, kNeg, 5, "A atendente desligou na minha cara no meio da reclamação e ninguém retorna, vou encerrar minha conta e procurar o Banco Central."},
    {kAtend, kPos, 1, "Quero elogiar {funcionario} da central de atendimento, que teve muita paciência e resolveu tudo em minutos."},
    {kAtend, kPos, 1, "Atendimento nota dez, o chat respondeu rápido e resolveu meu problema logo na primeira conversa."},
    {kAtend, kPos, 1, "Meu gerente é muito atencioso, sempre responde rápido e me ajuda com tudo que preciso."},
    {kAtend, kPos, 1, "Liguei para a central e fui atendido em menos de dois minutos, atendente cordial e muito prestativo."},
    {kAtend, kPos, 1, "Fui muito bem atendido por {funcionario}, com paciência e simpatia, parabéns ao time de atendimento."},
    {kAtend, kPos, 2, "Atendimento muito cordial e eficiente, só a espera inicial no telefone que poderia ser menor."},

    // ----- Agência e Caixas -----
    {kAgencia, kNeg, 2, "A agência está sempre um pouco cheia no horário de almoço, poderiam colocar mais um caixa atendendo."},
    {kAgencia, kNeg, 2, "O caixa eletrônico da {agencia} é meio lento para imprimir o comprovante, mas funciona."},
    {kAgencia, kNeg, 3, "Esperei {tempo_fila} na fila da {agencia} com apenas um caixa atendendo, isso é um desrespeito."},
    {kAgencia, kNeg, 3, "Os caixas eletrônicos da {agencia} estão sempre sem dinheiro, não consigo fazer saque nenhum."},
    {kAgencia, kNeg, 3, "Cheguei na agência às {hora} e já estava fechada, o horário de funcionamento informado no site está errado."},
    {kAgencia, kNeg, 3, "Metade dos caixas eletrônicos da agência estão desligados há semanas e ninguém conserta."},
    {kAgencia, kNeg, 3, "O caixa eletrônico da {agencia} não aceita depósito em dinheiro há {dias} dias e a fila do caixa com atendente é enorme."},
    {kAgencia, kNeg, 4, "Fiquei {tempo_fila} em pé na fila da agência, sem senha preferencial e sem lugar para sentar, um descaso total."},
    {kAgencia, kNeg, 4, "O caixa eletrônico engoliu meu cartão na {agencia} e os funcionários disseram que não podem fazer nada."},
    {kAgencia, kNeg, 4, "Fecharam a agência do meu bairro sem aviso e agora preciso atravessar a cidade para ser atendido."},
    {kAgencia, kNeg, 4, "Fiz um depósito no caixa eletrônico da agência e o envelope não foi reconhecido, ninguém soube explicar."},
    {kAgencia, kNeg, 5, "Fiz um saque de {valor} no caixa eletrônico, a máquina não liberou as notas e o valor foi debitado mesmo assim."},
    {kAgencia, kNeg, 5, "O caixa eletrônico da {agencia} reteve {valor} do meu depósito em dinheiro e até hoje o valor não apareceu."},
    {kAgencia, kPos, 1, "Fui muito bem recebido na {agencia}, atendimento rápido e ambiente limpo e organizado."},
    {kAgencia, kPos, 1, "A fila da agência andou super rápido hoje, em menos de dez minutos fui atendido no caixa."},
    {kAgencia, kPos, 1, "Os caixas eletrônicos da {agencia} estão sempre funcionando e com dinheiro, muito prático."},
    {kAgencia, kPos, 1, "Gosto muito da minha agência, a equipe conhece os clientes pelo nome e resolve tudo na hora."},
    {kAgencia, kPos, 1, "O novo caixa eletrônico com biometria é ótimo, saque rápido e sem complicação."},
    {kAgencia, kPos, 2, "A reforma da agência ficou linda e o atendimento no caixa foi rápido, só falta um estacionamento."},

    // ----- Cartão -----
    {kCartao, kNeg, 2, "O limite do meu {cartao} poderia ser um pouco maior, uso o cartão há anos e sempre paguei a fatura em dia."},
    {kCartao, kNeg, 2, "A fatura do cartão demora para fechar e aparecer, gostaria de ver os lançamentos mais cedo."},
    {kCartao, kNeg, 3, "Solicitei o {cartao} há {dias} dias e até agora não chegou, o rastreio da entrega não mostra nada."},
    {kCartao, kNeg, 3, "Meu {cartao} foi recusado {vezes} vezes em compras simples mesmo tendo limite disponível."},
    {kCartao, kNeg, 3, "Reduziram o limite do meu cartão de crédito sem nenhum aviso, fiquei sem conseguir fazer compras."},
    {kCartao, kNeg, 3, "Pedi o desbloqueio do {cartao} e ele continua bloqueado, não consigo usar nem para compras pequenas."},
    {kCartao, kNeg, 3, "A fatura do {cartao} veio com uma compra parcelada lançada duas vezes, preciso que corrijam isso."},
    {kCartao, kNeg, 4, "Cobraram anuidade do {cartao} que era para ser isento, e a fatura veio com {valor} a mais."},
    {kCartao, kNeg, 4, "Meu cartão foi bloqueado durante uma viagem e não consegui falar com ninguém para desbloquear, fiquei sem ter como pagar nada."},
    {kCartao, kNeg, 4, "Paguei a fatura do cartão em dia e o pagamento não foi reconhecido, agora estão cobrando juros e multa."},
    {kCartao, kNeg, 4, "O cartão substituto nunca chegou e o antigo já foi cancelado, estou há {dias} dias sem cartão nenhum."},
    {kCartao, kNeg, 5, "Meu {cartao} foi clonado e apareceram compras de {valor} na fatura que eu não fiz, e o banco se recusa a contestar."},
    {kCartao, kNeg, 5, "Contestei compras de {valor} na fatura do cartão há {meses} meses e até hoje não devolveram nada."},
    {kCartao, kPos, 1, "Recebi o {cartao} em poucos dias, desbloqueio fácil e funcionou logo na primeira compra."},
    {kCartao, kPos, 1, "Adoro meu cartão de crédito, o limite é ótimo e a fatura vem bem detalhada."},
    {kCartao, kPos, 1, "Pedi aumento de limite do cartão e aprovaram na hora, muito obrigado pela agilidade."},
    {kCartao, kPos, 1, "O cartão virtual é muito prático para compras online, me sinto bem mais tranquilo."},
    {kCartao, kPos, 1, "Conseguiram isentar a anuidade do meu {cartao}, excelente benefício para quem é cliente antigo."},
    {kCartao, kPos, 2, "O cartão tem ótimos benefícios e cashback, só o prazo de entrega que poderia ser menor."},

    // ----- Pix e Transferências -----
    {kPix, kNeg, 2, "O Pix às vezes demora alguns minutos para cair, não é sempre instantâneo como deveria."},
    {kPix, kNeg, 2, "Poderiam deixar mais fácil alterar o limite do Pix noturno, hoje o processo é meio confuso."},
    {kPix, kNeg, 3, "Fiz um Pix às {hora} e o dinheiro só caiu na conta do destinatário no dia seguinte."},
    {kPix, kNeg, 3, "Não consigo cadastrar minha chave Pix de {chave_pix}, sempre aparece erro dizendo que a chave já existe."},
    {kPix, kNeg, 3, "A TED que fiz ontem ainda não caiu na outra conta e o comprovante diz que a transferência foi concluída."},
    {kPix, kNeg, 3, "O limite do Pix está muito baixo e não consigo aumentar, toda vez que tento dá erro."},
    {kPix, kNeg, 3, "O Pix por QR Code não funciona em várias lojas, sempre aparece que a transação não foi concluída."},
    {kPix, kNeg, 4, "O Pix de {valor} que recebi não caiu na minha conta, o remetente já mostrou o comprovante e vocês não resolvem."},
    {kPix, kNeg, 4, "Meu Pix agendado não foi efetuado e acabei pagando uma conta com atraso por culpa do banco."},
    {kPix, kNeg, 4, "Fiz uma transferência de {valor} há {dias} dias e ela não caiu no destino nem voltou para minha conta."},
    {kPix, kNeg, 4, "A portabilidade da minha chave Pix de {chave_pix} está travada há semanas e ninguém sabe explicar o motivo."},
    {kPix, kNeg, 5, "Fiz um Pix de {valor}, o valor saiu da minha conta e nunca chegou ao destino, e o banco não devolve o dinheiro."},
    {kPix, kNeg, 5, "Estou há {dias} dias esperando a devolução de um Pix de {valor} enviado em duplicidade por erro do sistema."},
    {kPix, kPos, 1, "O Pix de vocês é instantâneo de verdade, transferi e o dinheiro caiu na hora."},
    {kPix, kPos, 1, "Cadastrar a chave Pix de {chave_pix} foi super fácil, levou menos de um minuto."},
    {kPix, kPos, 1, "Adorei poder agendar Pix e transferências, facilita muito meu dia a dia."},
    {kPix, kPos, 1, "A TED caiu no mesmo dia certinho, transferência rápida e sem complicação nenhuma."},
    {kPix, kPos, 1, "Consegui aumentar o limite do Pix sem burocracia, tudo funcionando perfeitamente."},
    {kPix, kPos, 2, "O Pix funciona muito bem, só acho que o comprovante da transferência poderia ser mais fácil de compartilhar."},

    // ----- Tarifas e Cobranças -----
    {kTarifa, kNeg, 2, "A tarifa do pacote de serviços está um pouco alta para o que eu uso, poderiam ter opções mais baratas."},
    {kTarifa, kNeg, 2, "Não entendi uma tarifa de {valor} no extrato, gostaria de uma explicação melhor sobre essa cobrança."},
    {kTarifa, kNeg, 3, "Estão cobrando tarifa de manutenção de conta que eu nunca contratei, quero o cancelamento dessa cobrança."},
    {kTarifa, kNeg, 3, "Apareceu uma cobrança de {valor} no meu extrato sem nenhuma explicação, preciso saber do que se trata."},
    {kTarifa, kNeg, 3, "Pedi o estorno de uma tarifa cobrada indevidamente há {dias} dias e até agora nada."},
    {kTarifa, kNeg, 3, "Cobraram tarifa por um saque que deveria ser gratuito pelo meu pacote, isso está errado."},
    {kTarifa, kNeg, 4, "Fui cobrado em duplicidade no valor de {valor} e o estorno não foi feito até agora."},
    {kTarifa, kNeg, 4, "Todo mês aparece uma cobrança indevida de seguro que eu não contratei, já reclamei {vezes} vezes."},
    {kTarifa, kNeg, 4, "Os juros cobrados no cheque especial são abusivos, entraram {valor} de juros em poucos dias."},
    {kTarifa, kNeg, 4, "Cancelei o pacote de tarifas há {meses} meses e continuam cobrando todo mês, um absurdo."},
    {kTarifa, kNeg, 5, "Estão descontando {valor} por mês de cobrança indevida e se recusam a fazer o estorno, vou entrar com processo."},
    {kTarifa, kNeg, 5, "Cobraram {valor} de tarifas que eu nunca autorizei e zeraram meu saldo, quero o estorno imediato."},
    {kTarifa, kPos, 1, "Recebi o estorno da cobrança indevida em menos de dois dias, muito obrigado pela agilidade."},
    {kTarifa, kPos, 1, "Gosto que a conta não tem tarifa de manutenção, isso faz muita diferença no fim do mês."},
    {kTarifa, kPos, 1, "Reclamei de uma tarifa cobrada por engano e devolveram os {valor} no mesmo dia."},
    {kTarifa, kPos, 1, "Tarifas transparentes e justas, sempre sei exatamente o que estou pagando e quando vai ser cobrado."},
    {kTarifa, kPos, 1, "Fiquei feliz com a isenção das tarifas do pacote de serviços, obrigado pela atenção."},
    {kTarifa, kPos, 2, "O estorno da cobrança foi feito certinho, só demorou um pouco mais do que o prometido."},

    // ----- Empréstimos e Financiamentos -----
    {kEmprest, kNeg, 2, "A taxa de juros do {emprestimo} poderia ser um pouco menor para clientes antigos como eu."},
    {kEmprest, kNeg, 2, "O simulador de empréstimo é meio confuso, não mostra claramente o valor total com juros."},
    {kEmprest, kNeg, 3, "Pedi a renegociação do meu {emprestimo} há {dias} dias e ainda não tive nenhuma resposta."},
    {kEmprest, kNeg, 3, "As parcelas do {emprestimo} vieram com valor diferente do que foi contratado, preciso de uma explicação."},
    {kEmprest, kNeg, 3, "Tentei antecipar parcelas do {emprestimo} e o sistema não deixa, sempre dá erro."},
    {kEmprest, kNeg, 3, "A análise de crédito para o {emprestimo} está demorando demais, já faz {dias} dias."},
    {kEmprest, kNeg, 3, "Negaram o {emprestimo} sem explicar o motivo, mesmo eu tendo o nome limpo e renda comprovada."},
    {kEmprest, kNeg, 4, "Os juros do {emprestimo} são abusivos, a dívida só cresce e a renegociação oferecida é pior ainda."},
    {kEmprest, kNeg, 4, "Quitei o {emprestimo} há {meses} meses e continuam descontando parcelas do meu salário."},
    {kEmprest, kNeg, 4, "O financiamento foi aprovado mas o dinheiro não foi liberado, e já estão cobrando a primeira parcela."},
    {kEmprest, kNeg, 4, "Me venderam um seguro junto com o {emprestimo} sem avisar, aumentando o valor de todas as parcelas."},
    {kEmprest, kNeg, 5, "Contrataram um consignado no meu nome sem minha autorização e estão descontando {valor} por mês da minha aposentadoria."},
    {kEmprest, kNeg, 5, "Paguei a entrada de {valor} do financiamento e o contrato foi cancelado sem devolução do dinheiro."},
    {kEmprest, kPos, 1, "Consegui renegociar meu {emprestimo} com juros bem menores, as parcelas agora cabem no meu bolso."},
    {kEmprest, kPos, 1, "O {emprestimo} foi aprovado em poucos minutos e o dinheiro caiu na conta no mesmo dia."},
    {kEmprest, kPos, 1, "Ótimas condições no financiamento, taxa de juros justa e gerente muito atencioso."},
    {kEmprest, kPos, 1, "A portabilidade do meu consignado para vocês foi rápida e reduziu bastante a parcela."},
    {kEmprest, kPos, 1, "Quitei o {emprestimo} antecipado com desconto nos juros, processo super fácil."},
    {kEmprest, kPos, 2, "Gostei da taxa do {emprestimo}, só achei que a análise de crédito demorou um pouco."},

    // ----- Conta -----
    {kConta, kNeg, 2, "O extrato da conta poderia mostrar mais detalhes das movimentações, às vezes é difícil identificar os lançamentos."},
    {kConta, kNeg, 2, "Demorei um pouco para conseguir atualizar meu endereço no cadastro da conta, o processo poderia ser mais simples."},
    {kConta, kNeg, 3, "Estou tentando abrir minha conta há {dias} dias e a validação dos documentos sempre falha."},
    {kConta, kNeg, 3, "Não consigo atualizar meus dados cadastrais, o sistema pede comprovante de residência toda vez."},
    {kConta, kNeg, 3, "O extrato da conta está com lançamentos duplicados e o saldo não bate com o que eu tenho."},
    {kConta, kNeg, 3, "Pedi o encerramento da conta há {dias} dias e ela continua ativa como se nada tivesse acontecido."},
    {kConta, kNeg, 4, "Minha conta foi bloqueada sem nenhum aviso e ninguém sabe me dizer o motivo do bloqueio."},
    {kConta, kNeg, 4, "Pedi o encerramento da conta {vezes} vezes e ela continua aberta gerando pendências no meu nome."},
    {kConta, kNeg, 4, "Minha conta corrente foi transformada em outro tipo de conta sem minha autorização."},
    {kConta, kNeg, 4, "Não consigo baixar o extrato anual da conta para o imposto de renda e o prazo da declaração está acabando."},
    {kConta, kNeg, 5, "Minha conta foi bloqueada e meu salário de {valor} está preso há {dias} dias, não tenho como pagar minhas contas."},
    {kConta, kNeg, 5, "Encerraram minha conta sem aviso com {valor} de saldo dentro e até agora não devolveram o dinheiro."},
    {kConta, kPos, 1, "Abri minha conta pelo celular em menos de dez minutos, processo simples e rápido."},
    {kConta, kPos, 1, "Atualizar meus dados cadastrais foi muito fácil, tudo resolvido na hora sem ir na agência."},
    {kConta, kPos, 1, "Conta digital excelente, sem burocracia e com extrato claro e organizado."},
    {kConta, kPos, 1, "O desbloqueio da minha conta foi resolvido no mesmo dia, muito obrigado pela atenção."},
    {kConta, kPos, 1, "Gosto muito da minha conta, nunca tive problema em {meses} meses de uso."},
    {kConta, kPos, 2, "A abertura da conta foi tranquila, só a validação da selfie que precisou de duas tentativas."},

    // ----- Segurança e Fraude -----
    {kSeg, kNeg, 2, "A verificação de segurança pede confirmação demais, entendo a proteção mas poderia ser mais simples."},
    {kSeg, kNeg, 2, "Recebi um SMS estranho dizendo ser do banco, queria saber se é golpe e como faço para denunciar."},
    {kSeg, kNeg, 3, "Recebo ligações de golpistas se passando pelo banco, sabendo meu nome e meus dados, como eles conseguem isso?"},
    {kSeg, kNeg, 3, "Minha transação foi bloqueada por suspeita de fraude e tive que ligar {vezes} vezes para liberar."},
    {kSeg, kNeg, 3, "Vocês deveriam alertar melhor sobre golpes, quase caí em um falso atendente que pediu minha senha."},
    {kSeg, kNeg, 4, "Tentaram acessar minha conta de outro celular e o banco só me avisou depois, a segurança é muito fraca."},
    {kSeg, kNeg, 4, "Meus dados vazaram e agora recebo tentativas de golpe todos os dias, quero saber o que o banco vai fazer."},
    {kSeg, kNeg, 4, "Contestei uma transação não reconhecida há {dias} dias e o processo de fraude não anda."},
    {kSeg, kNeg, 4, "Alteraram minha senha e o e-mail cadastrado sem minha autorização, perdi totalmente o acesso à conta."},
    {kSeg, kNeg, 5, "Minha conta foi invadida e fizeram transações de {valor} que eu não reconheço, o banco diz que a culpa é minha."},
    {kSeg, kNeg, 5, "Caí no golpe do falso funcionário e levaram {valor} da minha conta, o banco se recusou a devolver o dinheiro."},
    {kSeg, kNeg, 5, "Invadiram minha conta às {hora} e fizeram Pix de {valor} para desconhecidos, e o sistema de segurança não bloqueou nada."},
    {kSeg, kPos, 1, "O banco bloqueou uma transação suspeita e me avisou na hora, me senti muito seguro."},
    {kSeg, kPos, 1, "Parabéns pela equipe de segurança, detectaram uma tentativa de golpe e protegeram minha conta."},
    {kSeg, kPos, 1, "A confirmação por biometria e token me dá muita tranquilidade, sinto minha conta protegida."},
    {kSeg, kPos, 1, "Fui vítima de fraude e o banco devolveu os {valor} em poucos dias, muito obrigado pela seriedade."},
    {kSeg, kPos, 1, "Gostei dos alertas de segurança em tempo real, sempre sei quando alguém tenta acessar minha conta."},
    {kSeg, kPos, 2, "A segurança do banco é excelente, só às vezes a verificação extra atrapalha um pouco na hora de pagar."},

    // ----- Investimentos -----
    {kInvest, kNeg, 2, "O rendimento do investimento em {produto_invest} poderia ser um pouco melhor comparado com outros bancos."},
    {kInvest, kNeg, 2, "A área de investimentos poderia explicar melhor as diferenças entre as aplicações disponíveis."},
    {kInvest, kNeg, 3, "O resgate da minha aplicação em {produto_invest} demorou {dias} dias para cair na conta."},
    {kInvest, kNeg, 3, "Não consigo ver o rendimento atualizado dos meus investimentos, os valores aparecem zerados."},
    {kInvest, kNeg, 3, "Tentei aplicar em {produto_invest} e o sistema diz que não tenho perfil de investidor, mesmo já tendo feito o questionário."},
    {kInvest, kNeg, 3, "A rentabilidade do CDB oferecido é muito baixa, bem abaixo do percentual do CDI prometido."},
    {kInvest, kNeg, 3, "O informe de rendimentos dos meus investimentos veio com valores errados e precisei corrigir a declaração."},
    {kInvest, kNeg, 4, "O gerente me convenceu a investir em {produto_invest} sem explicar os riscos e agora estou com prejuízo."},
    {kInvest, kNeg, 4, "Pedi o resgate do meu investimento em {produto_invest} há {dias} dias e o dinheiro ainda não apareceu."},
    {kInvest, kNeg, 4, "O rendimento da minha aplicação em {produto_invest} foi menor do que o informado na contratação, quero uma explicação."},
    {kInvest, kNeg, 4, "A taxa de administração do fundo é altíssima e ninguém me avisou, comeu praticamente todo o rendimento."},
    {kInvest, kNeg, 5, "Meu investimento de {valor} em {produto_invest} sumiu da carteira e ninguém sabe explicar onde foi parar o dinheiro."},
    {kInvest, kNeg, 5, "Aplicaram {valor} em {produto_invest} sem minha autorização e perdi dinheiro com o resgate antecipado."},
    {kInvest, kPos, 1, "Comecei a investir em {produto_invest} e o rendimento está ótimo, estou muito satisfeito."},
    {kInvest, kPos, 1, "A plataforma de investimentos é simples e clara, consigo acompanhar o rendimento todo dia."},
    {kInvest, kPos, 1, "O assessor de investimentos me ajudou a montar uma carteira com CDB e fundos, excelente orientação."},
    {kInvest, kPos, 1, "O resgate da aplicação em {produto_invest} caiu na conta no mesmo dia, tudo muito rápido."},
    {kInvest, kPos, 1, "Ótimas opções de investimento, com rentabilidade acima da poupança e liquidez diária."},
    {kInvest, kPos, 2, "Gosto das opções de investimento, só queria mais relatórios sobre o rendimento mensal da carteira."},

    // ----- Outros -----
    {kOutros, kNeg, 2, "O site institucional de vocês tem propaganda demais na página inicial, fica tudo muito poluído."},
    {kOutros, kNeg, 2, "O material da campanha de vocês está com informações desatualizadas, seria bom revisar antes de divulgar."},
    {kOutros, kNeg, 3, "Recebo mensagens de marketing do banco todos os dias, mesmo depois de pedir para parar."},
    {kOutros, kNeg, 3, "O programa de pontos mudou as regras sem avisar e meus pontos valem bem menos agora."},
    {kOutros, kNeg, 3, "Não consigo resgatar os pontos do programa de fidelidade, o site do parceiro sempre dá erro."},
    {kOutros, kNeg, 4, "Me ligam oferecendo seguro e consórcio {vezes} vezes por semana, mesmo eu pedindo para não ligarem mais."},
    {kOutros, kNeg, 4, "O seguro residencial que contratei com vocês não cobriu o sinistro e ninguém explica o motivo."},
    {kOutros, kNeg, 5, "O seguro de vida contratado com o banco negou o pagamento de {valor} à minha família sem nenhuma justificativa."},
    {kOutros, kPos, 1, "Adorei o programa de pontos, troquei por passagens aéreas e foi super fácil."},
    {kOutros, kPos, 1, "Parabéns pela campanha de educação financeira, aprendi muito com os conteúdos publicados pelo banco."},
    {kOutros, kPos, 1, "O seguro residencial de vocês me atendeu muito bem quando precisei, tudo resolvido rápido."},
    {kOutros, kPos, 1, "Gostei muito do evento para clientes na minha cidade, iniciativa excelente e bem organizada."},
};

// ---------------------------------------------------------------------------------------------
// Slots
// ---------------------------------------------------------------------------------------------
constexpr std::string_view kValor[] = {
    "R$ 45,90",    "R$ 89,90",    "R$ 150,00",   "R$ 230,00",   "R$ 387,50",
    "R$ 500,00",   "R$ 780,00",   "R$ 1.200,00", "R$ 1.850,00", "R$ 2.300,00",
    "R$ 3.500,00", "R$ 4.999,00", "R$ 7.800,00", "R$ 12.000,00",
};
constexpr std::string_view kDias[] = {"2", "3", "4", "5", "7", "10", "12", "15", "20", "30"};
constexpr std::string_view kVezes[] = {"duas", "três", "quatro", "cinco", "várias", "muitas", "inúmeras", "diversas"};
constexpr std::string_view kHora[] = {"8h", "9h15", "10h", "11h40", "12h30", "14h30", "15h", "16h45", "22h", "23h50"};
constexpr std::string_view kAppFuncao[] = {
    "o login",           "a tela de Pix",        "o extrato",          "a área de investimentos",
    "o pagamento de boleto", "a fatura do cartão", "a tela inicial",     "o comprovante",
    "a leitura do código de barras", "o saldo", "a tela de transferências", "o cadastro de chave Pix",
};
constexpr std::string_view kAtendenteCanal[] = {
    "a central", "o chat", "o SAC", "a ouvidoria", "o gerente", "o WhatsApp do banco", "o atendimento por telefone",
};
constexpr std::string_view kCartaoV[] = {
    "cartão de crédito", "cartão de débito", "cartão virtual", "cartão adicional",
    "cartão Platinum",   "cartão Gold",      "cartão internacional", "cartão múltiplo",
};
constexpr std::string_view kProdutoInvest[] = {
    "CDB", "poupança", "fundo DI", "Tesouro Direto", "LCI", "LCA", "fundo multimercado", "previdência privada",
};
constexpr std::string_view kEmprestimo[] = {
    "empréstimo pessoal",      "consignado",         "financiamento do carro", "financiamento imobiliário",
    "crédito pessoal",         "empréstimo consignado", "financiamento da moto", "crédito com garantia de imóvel",
};
constexpr std::string_view kTempoFila[] = {
    "40 minutos", "uma hora", "uma hora e meia", "duas horas", "50 minutos", "quase três horas", "mais de uma hora",
};
constexpr std::string_view kAgenciaV[] = {
    "agência do centro", "agência do shopping", "agência da avenida principal", "agência perto da rodoviária",
    "agência do meu bairro", "agência da praça central",
};
constexpr std::string_view kMeses[] = {"2", "3", "4", "6", "8", "12"};
constexpr std::string_view kChavePix[] = {"CPF", "e-mail", "celular", "CNPJ", "chave aleatória"};
constexpr std::string_view kCelular[] = {
    "iPhone", "Samsung", "Motorola", "Xiaomi", "celular Android", "iPhone novo", "tablet",
};
constexpr std::string_view kFuncionario[] = {
    "a Juliana", "o Ricardo", "a Patrícia", "o Marcos", "a Fernanda", "o André", "a Camila", "o Thiago",
};

constexpr Slot kSlots[] = {
    {"valor", kValor},
    {"dias", kDias},
    {"vezes", kVezes},
    {"hora", kHora},
    {"app_funcao", kAppFuncao},
    {"atendente_canal", kAtendenteCanal},
    {"cartao", kCartaoV},
    {"produto_invest", kProdutoInvest},
    {"emprestimo", kEmprestimo},
    {"tempo_fila", kTempoFila},
    {"agencia", kAgenciaV},
    {"meses", kMeses},
    {"chave_pix", kChavePix},
    {"celular", kCelular},
    {"funcionario", kFuncionario},
};

// ---------------------------------------------------------------------------------------------
// Openers and closers
// ---------------------------------------------------------------------------------------------
constexpr std::string_view kOpenersPos[] = {
    "", "", "", "Bom dia!", "Boa tarde.", "Olá, equipe.", "Oi, tudo bem?", "Queria deixar um elogio.",
    "Passando para agradecer.",
};
constexpr std::string_view kOpenersNeg[] = {
    "", "", "", "Bom dia.", "Boa tarde.", "Olá.", "Boa noite, equipe.", "Preciso relatar um problema.",
    "Mais uma vez venho reclamar.",
};

constexpr std::string_view kClosers1[] = {
    "", "", "Obrigado!", "Muito obrigada, continuem assim.", "Parabéns a toda a equipe.", "Recomendo para todo mundo.",
};
constexpr std::string_view kClosers2[] = {
    "", "", "No geral estou satisfeito.", "Fica a sugestão.", "Nada grave, mas vale melhorar.",
};
constexpr std::string_view kClosers3[] = {
    "", "", "Espero que resolvam logo.", "Aguardo retorno.", "Isso é bem chato.", "Por favor, verifiquem.",
};
constexpr std::string_view kClosers4[] = {
    "", "", "Isso é um absurdo.", "Quero uma solução urgente.", "Já estou perdendo a paciência com vocês.",
    "Já tentei {vezes} vezes e ninguém resolve nada.",
};
constexpr std::string_view kClosers5[] = {
    "",
    "Se não resolverem vou cancelar minha conta.",
    "Vou registrar reclamação no Reclame Aqui.",
    "Já estou abrindo reclamação no Procon.",
    "Vou levar o caso ao Banco Central.",
    "Vou procurar um advogado e entrar na justiça.",
    "Quero meu dinheiro de volta imediatamente ou vou ao Procon.",
    "Vou encerrar minha conta e levar tudo para outro banco.",
};

}  // namespace

std::span<const Phrase> phrases() { return kPhrases; }

std::span<const Slot> slots() { return kSlots; }

std::span<const std::string_view> openers(bool positive) {
    if (positive) return kOpenersPos;
    return kOpenersNeg;
}

std::span<const std::string_view> closers(int rating) {
    switch (rating) {
        case 1: return kClosers1;
        case 2: return kClosers2;
        case 3: return kClosers3;
        case 4: return kClosers4;
        case 5: return kClosers5;
        default: return {};
    }
}

}  // namespace fbgen
