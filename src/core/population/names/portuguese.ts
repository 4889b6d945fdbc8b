/**
 * Portuguese names as used in Mozambique, Angola and Portugal; the family list ends with common Mozambican
 * (Tsonga and Ronga) surnames, since most Portuguese-speaking families in the region are Mozambican.
 */
import { words, type NameList } from './name-list.js';

export const PORTUGUESE: NameList = {
  language: 'portuguese',
  female: words(`
    Maria Ana Francisca Antónia Adriana Juliana Fernanda Patrícia Sandra Camila Amanda Júlia Luciana Vanessa
    Mariana Gabriela Beatriz Rita Inês Joana Carolina Sofia Catarina Teresa Conceição Fátima Graça Luísa Helena
    Isabel Rosa Lúcia Madalena Filomena Esperança
  `),
  male: words(`
    José João António Francisco Carlos Paulo Pedro Lucas Luís Marcos Gabriel Rafael Daniel Marcelo Bruno
    Eduardo Felipe Rodrigo Manuel Miguel Tiago Rui Nuno Jorge Fernando Ricardo Sérgio Vítor Alberto Armando
    Joaquim Domingos Raul Hélder Celso Custódio Gonçalo Diogo
  `),
  family: words(`
    Silva Santos Ferreira Pereira Oliveira Costa Rodrigues Martins Jesus Sousa Fernandes Gonçalves Gomes Lopes
    Marques Alves Almeida Ribeiro Pinto Carvalho Teixeira Moreira Correia Mendes Nunes Soares Vieira Monteiro
    Cardoso Rocha Neves Coelho Cruz Cunha Pires Ramos Reis Simões Matos Fonseca Machado Araújo Tavares Cossa
    Sitoe Mabunda Langa Tembe Machava Nhantumbo
  `),
};
